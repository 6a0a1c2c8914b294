package org.corridorwatch.investments.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.investments.domain.DealStatusTransitionEntity;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Deals' status histories, oldest entry first. */
@ApplicationScoped
public class DealStatusTransitionRepository implements PanacheRepositoryBase<DealStatusTransitionEntity, Long> {

    /** The deal's most recent entry: every deal has at least the one made at its creation. */
    public DealStatusTransitionEntity latest(String dealId) {
        return find("dealId = ?1 ORDER BY id DESC", dealId).firstResult();
    }

    /** Up to {@code limit} entries of the deal recorded after entry {@code afterId} (0 = from the start). */
    public List<DealStatusTransitionEntity> page(String dealId, long afterId, int limit) {
        return find("dealId = ?1 AND id > ?2 ORDER BY id", dealId, afterId).page(0, limit).list();
    }
}
