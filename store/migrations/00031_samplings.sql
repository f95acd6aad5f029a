-- +goose Up
-- Samplings (监督抽检): what a unit sampled, from which producer and seller
-- (market entities), the lab's result and, for a failed sample, the
-- objection window (复检). Codes only: the result, the units and the
-- campaign as keys. final_result (the re-test's once it answered) and
-- ccc_missing are kept beside the record so that lists and pass rates
-- filter and count on indexes; village is the seller's (else the
-- producer's) as it stood when the sampling was saved.
CREATE TABLE samplings (
    id            {{serial}},
    plan_id       TEXT NOT NULL REFERENCES plans (id),
    unit          TEXT NOT NULL,
    campaign_no   INTEGER NOT NULL,
    category      TEXT NOT NULL,
    product       TEXT NOT NULL,
    brand         TEXT NOT NULL,
    model         TEXT NOT NULL,
    batch         TEXT NOT NULL,
    producer_id   BIGINT REFERENCES entities (id),
    seller_id     BIGINT REFERENCES entities (id),
    sampled_on    TEXT NOT NULL,
    lab           TEXT NOT NULL,
    standard      TEXT NOT NULL,
    test_items    TEXT NOT NULL,
    result        TEXT NOT NULL,
    failed_items  TEXT NOT NULL,
    certificate   TEXT NOT NULL,
    ccc_missing   BOOLEAN NOT NULL,
    action_id     BIGINT NOT NULL,
    notes         TEXT NOT NULL,
    notified_on   TEXT NOT NULL,
    objected      BOOLEAN NOT NULL,
    objected_on   TEXT NOT NULL,
    retest_result TEXT NOT NULL,
    final_result  TEXT NOT NULL,
    village       TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    {{timestamp}} NOT NULL,
    updated_at    {{timestamp}} NOT NULL
);
CREATE INDEX samplings_plan ON samplings (plan_id, sampled_on);
CREATE INDEX samplings_unit ON samplings (unit, sampled_on);
CREATE INDEX samplings_campaign ON samplings (plan_id, campaign_no, final_result);
CREATE INDEX samplings_category ON samplings (plan_id, category, final_result);
CREATE INDEX samplings_village ON samplings (plan_id, village, final_result);
CREATE INDEX samplings_producer ON samplings (producer_id);
CREATE INDEX samplings_seller ON samplings (seller_id);

-- The clues a failed sample gave: one per competent unit, once.
CREATE TABLE sampling_clues (
    sampling_id BIGINT NOT NULL REFERENCES samplings (id),
    unit        TEXT NOT NULL,
    clue_id     BIGINT NOT NULL REFERENCES clues (id),
    PRIMARY KEY (sampling_id, unit)
);

-- +goose Down
DROP TABLE sampling_clues;
DROP TABLE samplings;
