-- +goose Up
-- The database stores codes, not prose: why a tip went where it went
-- (route_reason, and the note of its receipt in the history), what is due
-- by its deadline (due_what) and the notes dajia wrote in the history were
-- Chinese sentences, so English pages showed Chinese. The pages word the
-- codes in the reader's language.
UPDATE tips SET route_reason = CASE
    WHEN route_reason LIKE '按产品类别%' THEN 'category'
    WHEN route_reason LIKE '产品类别没有对应的专项%' THEN 'no_campaign'
    WHEN route_reason LIKE '专项%没有负责%的牵头部门%' THEN 'no_lead'
    WHEN route_reason LIKE '牵头部门不在方案的部门名单中%' THEN 'lead_unknown'
    WHEN route_reason LIKE '牵头单位%是上级机关%' THEN 'upper_level'
    ELSE route_reason END;
UPDATE tip_events SET note = CASE
    WHEN note LIKE '按产品类别%' THEN 'category'
    WHEN note LIKE '产品类别没有对应的专项%' THEN 'no_campaign'
    WHEN note LIKE '专项%没有负责%的牵头部门%' THEN 'no_lead'
    WHEN note LIKE '牵头部门不在方案的部门名单中%' THEN 'lead_unknown'
    WHEN note LIKE '牵头单位%是上级机关%' THEN 'upper_level'
    ELSE note END
WHERE action = 'receive';
-- The notes dajia wrote for a duplicate (与第 42 号重复) and a reward
-- (1 级，罚没款 200000 元，奖励 10000 元) keep their values only: "42" and
-- "1 200000 10000".
UPDATE tip_events SET note = REPLACE(REPLACE(note, '与第 ', ''), ' 号重复', '')
WHERE action = 'duplicate' AND note LIKE '与第 % 号重复';
UPDATE tip_events SET note = REPLACE(REPLACE(REPLACE(note, ' 级，罚没款 ', ' '), ' 元，奖励 ', ' '), ' 元', '')
WHERE action = 'reward' AND note LIKE '% 级，罚没款 % 元，奖励 % 元';
UPDATE tips SET due_what = CASE due_what
    WHEN '决定是否受理投诉' THEN 'accept'
    WHEN '调解期满（未达成协议的终止调解）' THEN 'mediate'
    WHEN '核查并作出是否立案的决定' THEN 'decide'
    WHEN '将处理结果告知实名举报人' THEN 'notify'
    ELSE due_what END;

-- +goose Down
UPDATE tips SET due_what = CASE due_what
    WHEN 'accept' THEN '决定是否受理投诉'
    WHEN 'mediate' THEN '调解期满（未达成协议的终止调解）'
    WHEN 'decide' THEN '核查并作出是否立案的决定'
    WHEN 'notify' THEN '将处理结果告知实名举报人'
    ELSE due_what END;
