-- Triage considers the complete CIN census list of assessment factors (A: the child,
-- B: a parent or carer, C: another person in the household, for 1-6), never the retired
-- 18A/19A, plus the council's own factors for harm outside the home, which the census
-- counts as 20 (other). Factors come in groups a manager reads together, and one reason
-- can cover the factors of a group that were ruled out (ADR 24). The codes already used
-- stay: triage_factor rows refer to them.
CREATE TABLE risk_factor_group (
  code text PRIMARY KEY,
  label text NOT NULL,
  sort_order integer NOT NULL UNIQUE
);

INSERT INTO risk_factor_group (code, label, sort_order) VALUES
  ('abuse-neglect', 'Abuse and neglect', 10),
  ('domestic-abuse', 'Domestic abuse', 20),
  ('alcohol', 'Alcohol misuse', 30),
  ('drugs', 'Drug misuse', 40),
  ('mental-health', 'Mental health', 50),
  ('learning-disability', 'Learning disability', 60),
  ('physical-disability', 'Physical disability or illness', 70),
  ('outside-home', 'Harm outside the home', 80),
  ('harmful-practices', 'Harmful practices', 90),
  ('circumstances', 'The child''s circumstances', 100),
  ('private-fostering', 'Private fostering', 110),
  ('other', 'Other', 120);

ALTER TABLE risk_factor
  ADD COLUMN group_code text REFERENCES risk_factor_group (code),
  -- the council's own factor, reported to the census as its cin_factor (20)
  ADD COLUMN local boolean NOT NULL DEFAULT false;

INSERT INTO risk_factor (code, label, cin_factor, sort_order) VALUES
  ('alcohol-child', 'Alcohol misuse: the child', '1A', 0),
  ('alcohol-household', 'Alcohol misuse: another person in the household', '1C', 0),
  ('drugs-household', 'Drug misuse: another person in the household', '2C', 0),
  ('domestic-abuse-household', 'Domestic abuse: another person in the household', '3C', 0),
  ('mental-health-household', 'Mental health: another person in the household', '4C', 0),
  ('learning-disability-child', 'Learning disability: the child', '5A', 0),
  ('learning-disability-household', 'Learning disability: another person in the household', '5C', 0),
  ('physical-disability-child', 'Physical disability or illness: the child', '6A', 0),
  ('physical-disability-parent', 'Physical disability or illness: a parent or carer', '6B', 0),
  ('physical-disability-household', 'Physical disability or illness: another person in the household', '6C', 0),
  ('private-fostering-overseas-return', 'Privately fostered: from overseas, intending to return home', '8B', 0),
  ('private-fostering-overseas-stay', 'Privately fostered: from overseas, intending to stay', '8C', 0),
  ('private-fostering-education', 'Privately fostered: from the UK, in an educational placement', '8D', 0),
  ('private-fostering-family', 'Privately fostered: from the UK, living with another family', '8E', 0),
  ('private-fostering-other', 'Privately fostered: another arrangement', '8F', 0),
  ('socially-unacceptable-behaviour', 'Socially unacceptable behaviour by the child', '14A', 0),
  ('extra-familial-harm', 'Extra-familial or contextual harm (from peers, places or adults outside the family)', '20', 0),
  ('online-harm', 'Online harm', '20', 0),
  ('radicalisation', 'Radicalisation', '20', 0);

-- Labels in plain English, and each factor in its group, in the order a manager reads them.
UPDATE risk_factor r
   SET label = v.label, group_code = v.group_code, sort_order = v.sort_order, local = v.local
  FROM (VALUES
    ('neglect', 'Neglect', 'abuse-neglect', 100, false),
    ('emotional-abuse', 'Emotional abuse', 'abuse-neglect', 110, false),
    ('physical-abuse-adult', 'Physical abuse by an adult', 'abuse-neglect', 120, false),
    ('physical-abuse-child', 'Physical abuse by another child', 'abuse-neglect', 130, false),
    ('sexual-abuse-adult', 'Sexual abuse by an adult', 'abuse-neglect', 140, false),
    ('sexual-abuse-child', 'Sexual abuse by another child', 'abuse-neglect', 150, false),
    ('domestic-abuse-child', 'Domestic abuse: the child', 'domestic-abuse', 200, false),
    ('domestic-abuse-parent', 'Domestic abuse: a parent or carer', 'domestic-abuse', 210, false),
    ('domestic-abuse-household', 'Domestic abuse: another person in the household', 'domestic-abuse', 220, false),
    ('alcohol-child', 'Alcohol misuse: the child', 'alcohol', 300, false),
    ('alcohol-parent', 'Alcohol misuse: a parent or carer', 'alcohol', 310, false),
    ('alcohol-household', 'Alcohol misuse: another person in the household', 'alcohol', 320, false),
    ('drugs-child', 'Drug misuse: the child', 'drugs', 400, false),
    ('drugs-parent', 'Drug misuse: a parent or carer', 'drugs', 410, false),
    ('drugs-household', 'Drug misuse: another person in the household', 'drugs', 420, false),
    ('mental-health-child', 'Mental health: the child', 'mental-health', 500, false),
    ('mental-health-parent', 'Mental health: a parent or carer', 'mental-health', 510, false),
    ('mental-health-household', 'Mental health: another person in the household', 'mental-health', 520, false),
    ('learning-disability-child', 'Learning disability: the child', 'learning-disability', 600, false),
    ('learning-disability-parent', 'Learning disability: a parent or carer', 'learning-disability', 610, false),
    ('learning-disability-household', 'Learning disability: another person in the household', 'learning-disability', 620, false),
    ('physical-disability-child', 'Physical disability or illness: the child', 'physical-disability', 700, false),
    ('physical-disability-parent', 'Physical disability or illness: a parent or carer', 'physical-disability', 710, false),
    ('physical-disability-household', 'Physical disability or illness: another person in the household', 'physical-disability', 720, false),
    ('missing', 'Going or being missing', 'outside-home', 800, false),
    ('cse', 'Child sexual exploitation', 'outside-home', 810, false),
    ('cce', 'Child criminal exploitation (including county lines)', 'outside-home', 820, false),
    ('trafficking', 'Trafficking', 'outside-home', 830, false),
    ('gangs', 'Gang involvement', 'outside-home', 840, false),
    ('extra-familial-harm', 'Extra-familial or contextual harm (from peers, places or adults outside the family)', 'outside-home', 850, true),
    ('online-harm', 'Online harm', 'outside-home', 860, true),
    ('radicalisation', 'Radicalisation', 'outside-home', 870, true),
    ('fgm', 'Female genital mutilation', 'harmful-practices', 900, false),
    ('faith-abuse', 'Abuse linked to faith or belief', 'harmful-practices', 910, false),
    ('self-harm', 'Self-harm', 'circumstances', 1000, false),
    ('young-carer', 'Young carer', 'circumstances', 1010, false),
    ('socially-unacceptable-behaviour', 'Socially unacceptable behaviour by the child', 'circumstances', 1020, false),
    ('uasc', 'Unaccompanied asylum-seeking child', 'circumstances', 1030, false),
    ('private-fostering-overseas-return', 'Privately fostered: from overseas, intending to return home', 'private-fostering', 1100, false),
    ('private-fostering-overseas-stay', 'Privately fostered: from overseas, intending to stay', 'private-fostering', 1110, false),
    ('private-fostering-education', 'Privately fostered: from the UK, in an educational placement', 'private-fostering', 1120, false),
    ('private-fostering-family', 'Privately fostered: from the UK, living with another family', 'private-fostering', 1130, false),
    ('private-fostering-other', 'Privately fostered: another arrangement', 'private-fostering', 1140, false),
    ('other', 'Another factor (say what in the rationale)', 'other', 1200, false)
  ) AS v (code, label, group_code, sort_order, local)
 WHERE r.code = v.code;

-- A council's own factor (added later, say) goes in a group too.
ALTER TABLE risk_factor
  ALTER COLUMN group_code SET NOT NULL,
  ADD CONSTRAINT risk_factor_cin_code CHECK (
    cin_factor IN ('1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C',
                   '6A', '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A',
                   '14A', '15A', '16A', '17A', '18B', '18C', '19B', '19C', '20', '22A', '23A', '24A')),
  ADD CONSTRAINT risk_factor_local_is_other CHECK (NOT local OR cin_factor = '20');

-- "No factors identified" (census 21): only on its own, so it is the triage's, not a factor's.
ALTER TABLE triage ADD COLUMN no_factors_identified boolean NOT NULL DEFAULT false;

GRANT SELECT ON risk_factor_group TO threshold_app;
