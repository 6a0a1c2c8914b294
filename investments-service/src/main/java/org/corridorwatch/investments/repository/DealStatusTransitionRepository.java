package org.corridorwatch.investments.repository;

import java.time.LocalDate;
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

    /**
     * The latest first day among the effective dates of the deal's entries (a partial date begins
     * on the first day of its month or year); null when every entry is undated (a first entry of
     * unknown date, the only kind there is: transitions carry a date).
     */
    public LocalDate latestStart(String dealId) {
        return (LocalDate) getEntityManager().createNativeQuery("SELECT max(make_date(effective_year,"
                + " greatest(effective_month, 1), greatest(effective_day, 1)))"
                + " FROM deal_status_transitions WHERE deal_id = :deal AND effective_year <> 0", LocalDate.class)
                .setParameter("deal", dealId).getSingleResult();
    }

    /** Up to {@code limit} entries of the deal recorded after entry {@code afterId} (0 = from the start). */
    public List<DealStatusTransitionEntity> page(String dealId, long afterId, int limit) {
        return find("dealId = ?1 AND id > ?2 ORDER BY id", dealId, afterId).page(0, limit).list();
    }
}
