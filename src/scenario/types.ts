/**
 * The validated scenario: every parameter of the model, with its unit in its name.
 * A scenario file (YAML or JSON) is resolved (`extends`, `--set`), validated against the schema in
 * `schema.ts`, and then has exactly this shape. The model reads parameters from here and nowhere else.
 */
import type { DistributionSpec } from '../engine/distributions.js';

export const OFFENCES = ['violence', 'sexual', 'drugs', 'property', 'traffic', 'other'] as const;
export type Offence = (typeof OFFENCES)[number];

export const EDUCATION_LEVELS = ['belowLowerSecondary', 'lowerSecondary', 'upperSecondary', 'higher'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const HOUSING_STATUSES = ['stable', 'unstable', 'homeless'] as const;
export type HousingStatus = (typeof HOUSING_STATUSES)[number];

/** Levels of the prison estate; EM and community sentences live outside the walls. */
export const SECURITY_LEVELS = ['remand', 'high', 'low', 'halfway'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

export const PROGRAMS = ['education', 'vocational', 'work', 'addictionTreatment', 'cognitiveBehavioural', 'psychiatricCare'] as const;
export type ProgramName = (typeof PROGRAMS)[number];

export type PerOffence<T> = Record<Offence, T>;

/**
 * An effect size from the literature: a plain odds ratio, or an estimate with its 95% interval.
 * With an interval, each replication draws the effect once (log-normal, the interval read as
 * ±1.96 standard errors on the log scale), so results carry the uncertainty of the evidence too.
 */
export type OddsRatio = number | { estimate: number; ci95: [number, number] };

export interface RunSettings {
  /** Default number of replications (the -n flag overrides). */
  replications: number;
  seed: number;
  /** Measured horizon after warm-up, years. */
  years: number;
  /** Simulated before measurement starts so an empty system does not bias figures, years. */
  warmupYears: number;
  /** Calendar date at which measurement starts (YYYY-MM-DD); outputs and dated changes refer to it. */
  startDate: string;
  /**
   * Start from the people held on the start date instead of a warm-up from an empty system: the
   * path of a census CSV (relative to the scenario file that names it), or `synthetic` for a census
   * drawn from the scenario's own steady state after warmupYears (see docs/census.md).
   */
  census?: string;
}

/** A value that takes effect at a calendar date (YYYY-MM-DD). */
export interface DatedCapacity {
  date: string;
  capacity: number;
}

export interface Facility {
  name: string;
  level: SecurityLevel;
  capacity: number;
  /** Shift-averaged security officers (FTE) on the unit: the dynamic-security staff. */
  officersFte: number;
  /** Other staff (health, school, work supervisors, administration), FTE. */
  otherStaffFte: number;
  /** Running cost of a place apart from the staff counted above, NOK per place-year. */
  nonStaffCostPerPlaceYearNok: number;
  /**
   * Changes of capacity at dates (a wing opens, places rented abroad end). Staff per place stays as
   * given. A cut closes places as they empty: nobody is moved out, nobody new comes in above it.
   */
  capacityChanges?: DatedCapacity[];
  /**
   * Women's places (issue 15 part 3): a facility for women only. Where a level has one, women
   * are held only in the level's women's facilities and men only in the others; a level without
   * one is shared. Default false.
   */
  women?: boolean;
}

/** A yearly figure from a table: it holds from 1 January of `year` until the next row's year. */
export interface YearlyRate {
  year: number;
  perYear: number;
}

/** A yearly multiplier from a table: it holds from 1 January of `year` until the next row's year (1 before the first row). */
export interface YearlyMultiplier {
  year: number;
  multiplier: number;
}

/** Remand demand by calendar year, from 1 January of `year` until the next row's year (1 and 1 before the first row). */
export interface YearlyRemand {
  year: number;
  /** Multiplies every share of `shareByOffence` (capped at 1) for cases that start in the year. */
  shareMultiplier: number;
  /** Multiplies the drawn remand duration of cases remanded in the year. */
  durationMultiplier: number;
}

export interface Population {
  /** Poisson rate of new cases (people entering the system for the first time), per year. */
  newCasesPerYear: number;
  /** Yearly growth of newCasesPerYear, percent per year (compound, from the start date); 0 keeps it constant. */
  trendPercentPerYear: number;
  /**
   * New cases per calendar year from a table (e.g. following a population projection). Each value
   * holds from 1 January of its year until the next entry; before the first entry, and without a
   * table, newCasesPerYear with its trend applies.
   */
  newCasesByYear?: YearlyRate[];
  /**
   * Admission projections for scenario bands (`corrsim run --band low,middle,high`): by band name,
   * a table with the meaning of newCasesByYear. A band run replaces newCasesByYear with the band's
   * table; a run without --band does not read this.
   */
  projections?: Record<string, YearlyRate[]>;
  offenceMix: PerOffence<number>;
  shareWomen: number;
  shareForeign: number;
  /** Age at first entry, years. */
  ageAtEntryYears: DistributionSpec;
  /** Prior convictions of a new case (count). */
  priorConvictions: DistributionSpec;
  educationMix: Record<EducationLevel, number>;
  shareEmployedBeforeEntry: number;
  housingMix: Record<HousingStatus, number>;
  shareSubstanceUseDisorder: number;
  shareSeriousMentalIllness: number;
}

export interface Remand {
  /** Share of cases that are arrested and remanded in custody, by offence. */
  shareByOffence: PerOffence<number>;
  durationDays: DistributionSpec;
  /** Court outcome at the end of remand (shares, normalised). */
  outcome: {
    /** Custodial sentence, served straight on from remand (remand credited). */
    custodialDirect: number;
    /** Custodial sentence, released to wait at liberty and summoned later (remand credited). */
    custodialLater: number;
    /** Community sentence. */
    community: number;
    /** Acquittal, dropped case, fine or suspended sentence. */
    noCorrectionalSentence: number;
  };
  /** Norway's rule for police custody cells; overflow beyond it is reported, not prevented. */
  policeCellMaxHours: number;
  /** Remand demand by year (time-varying input, e.g. SSB's remand admissions and mean stays); fixed through a run. */
  byYear?: YearlyRemand[];
}

export interface Court {
  /** For cases convicted at liberty: share given an unconditional prison sentence (the rest a community sentence), by offence. */
  custodialShareAtLibertyByOffence: PerOffence<number>;
  /** From offence to conviction for a reoffence of a released person, days. */
  convictionLagDays: DistributionSpec;
}

export interface PreventiveDetention {
  /** New preventive-detention sentences per year (a separate Poisson stream; they start in high security). */
  newPerYear: number;
  offenceMix: PerOffence<number>;
  minimumTermYears: DistributionSpec;
  /** Time frame beyond the minimum term at which the first court review happens, years. */
  timeFrameExtraYears: DistributionSpec;
  /** Probability of release at a review, for a person who is not high risk. */
  reviewReleaseProbability: number;
  /** Odds ratio of release at a review for a high-risk person. */
  highRiskReviewOddsRatio: number;
  extensionYears: number;
}

export interface Sentencing {
  /** Unconditional prison sentence length as courts give it, days (the flow, before EM takes short ones). */
  lengthDays: DistributionSpec;
  /** Multiplies the drawn length by offence (violence and sexual offences get longer sentences). */
  offenceMultiplier: PerOffence<number>;
  /** Policy lever: multiplies every sentence (e.g. a US-style scenario). */
  lengthMultiplier: number;
  /** Multiplies sentences imposed in a calendar year, on top of lengthMultiplier (time-varying input); fixed through a run. */
  lengthMultiplierByYear?: YearlyMultiplier[];
  maxYears: number;
  preventiveDetention: PreventiveDetention;
}

export interface ElectronicMonitoring {
  /** Monitoring devices (simultaneous people on EM). */
  capacity: number;
  /**
   * Devices from a date (time-varying input): each sets the devices in force at its date, as a
   * policy change of `capacity` does at its own; fixed through a run. A cut takes nobody off EM.
   */
  capacityChanges?: DatedCapacity[];
  costPerPlaceYearNok: number;
  frontDoor: {
    /** Whole sentences up to this length may be served at home on EM, days. */
    maxSentenceDays: number;
    /** Share of eligible people who apply and are approved. */
    approvalShare: number;
    excludedOffences: Offence[];
  };
  backDoor: {
    /** The last part of a longer sentence may be served on EM, days. */
    lastDays: number;
    /** Only after this share of the sentence has been served. */
    afterShareServed: number;
    approvalShare: number;
    excludedOffences: Offence[];
  };
}

export interface CommunitySentences {
  /** Time to serve the hours of a community sentence, days. */
  durationDays: DistributionSpec;
  /** Probation caseload; when full, a community sentence is still served (counted as overflow). */
  capacity: number;
  costPerPersonYearNok: number;
}

export interface SentenceQueue {
  /** Administrative time from conviction to the call-in date, days (the person waits at liberty). */
  summonsLeadTimeDays: DistributionSpec;
  /** Sentences at least this long are served first, days. */
  longSentenceDays: number;
  /** People under this age are served first, years. */
  youngAgeYears: number;
  /** Rate of new offences while waiting at liberty, per person-year (0 switches it off). */
  offendingWhileWaitingPerYear: number;
}

export interface Placement {
  /** Sentences up to this length may start in low security (open prison), days. */
  lowSecurityMaxSentenceDays: number;
  /** Share of those eligible for open prison who are placed there (the "share sent to open prisons" lever). */
  lowSecurityShare: number;
  /** Offences that always start in high security. */
  highOnlyOffences: Offence[];
  /** A risk score at or above this counts as high risk; the score is the log-odds of reoffending above the reference person's (the intercept). */
  highRiskLogit: number;
  /**
   * Cross-level placement: someone assigned low security (open prison) who finds no open place
   * starts in high security if a high place is free once the high-security line has been served,
   * and moves to open at the first free open place (in the step-down line, ahead of new
   * admissions). Nobody assigned high security ever takes an open place this way.
   */
  crossLevel: boolean;
}

export interface StepDown {
  /** Transfer from high to low security after this share of the sentence served. */
  highToLowAfterShareServed: number;
  highToLowMinServedDays: number;
  /** Sentences longer than this, years, need highToLowLongMinServedYears served first. */
  longSentenceYears: number;
  longMinServedYears: number;
  /** High-risk people stay in high security. */
  excludeHighRisk: boolean;
  /** Each incident postpones step-down by this many days: step-down needs a clean record of this long. */
  incidentDelayDays: number;
  /** Progress brings step-down (the leave-eligibility day) forward. */
  progress: {
    /** The programmes whose completion counts as progress (for step-down, the halfway house and parole). */
    programmes: ProgramName[];
    /** Step-down comes this many days earlier per programme completed in the episode. */
    advanceDaysPerProgramme: number;
    /** Never earlier than this share of the sentence served … */
    earliestShareServed: number;
    /** … nor than this many days served. */
    earliestMinServedDays: number;
  };
  halfwayHouse: {
    /** Only for sentences at least this long, days. */
    minSentenceDays: number;
    /** Moves for the last part of the sentence, days. */
    lastDays: DistributionSpec;
    /** Share of eligible people who are approved. */
    approvalShare: number;
    /** Each completed progress programme multiplies the odds of approval by this. */
    completedProgrammeOddsRatio: number;
  };
}

export interface ProgramSpec {
  /** Total slots (simultaneous participants), split among facilities of the listed levels by capacity. */
  slots: number;
  levels: SecurityLevel[];
  durationDays: DistributionSpec;
  completionProbability: number;
  /** Only referred if the expected time left to serve is at least this, days. */
  minRemainingDays: number;
  /** Share of people meeting the need criteria who are referred (motivation, assessment). */
  referralShare: number;
  costPerSlotYearNok: number;
  /**
   * Programmes on the same track are held one at a time; the two tracks run side by side (a
   * person can hold a work placement and attend school).
   */
  track: ProgramTrack;
  /** When a course or placement ends (completed or not) the person takes the next one while time allows. */
  continues: boolean;
  /** A transfer suspends an enrolment, which goes on with the days it had left where the new place offers it. */
  resumeAfterTransfer: boolean;
  /** Weight of a remand unit's capacity, relative to other levels', when the slots are split (if remand is among the levels). */
  remandSlotWeight: number;
}

export const PROGRAM_TRACKS = ['programme', 'work'] as const;
export type ProgramTrack = (typeof PROGRAM_TRACKS)[number];

export interface Programs {
  education: ProgramSpec & {
    /** Referred if the education level is below this one. */
    belowLevel: EducationLevel;
  };
  vocational: ProgramSpec & { onlyIfNotEmployedBefore: boolean };
  work: ProgramSpec;
  addictionTreatment: ProgramSpec;
  cognitiveBehavioural: ProgramSpec & { offences: Offence[]; alsoHighRisk: boolean };
  /** Psychiatric care inside (specialist health service in prison), for those with a serious mental illness. */
  psychiatricCare: ProgramSpec;
}

export interface Incidents {
  /** Rate for a 30-year-old of average risk at the reference staff ratio, per 100 inmate-years. */
  basePer100InmateYears: number;
  /** Multiplier per year of age above 30 (below 1: the young have more incidents). */
  ageRateRatioPerYear: number;
  highRiskRateRatio: number;
  /** Rate multiplier for people with a serious mental illness. */
  mentalIllnessRateRatio: number;
  /** Rate multiplier by level. */
  levelRateRatio: Record<SecurityLevel, number>;
  /**
   * The usual staffing of each level, officers per place: the base rate holds there, and the
   * recidivism effect of staffing counts officers above or below it (open prisons need fewer).
   */
  referenceOfficersPerPlace: Record<SecurityLevel, number>;
  /** rate ∝ (officersPerPlace / reference of the level) ^ (−elasticity): dynamic security. */
  staffElasticity: number;
  /** Probability that an incident in low security or a halfway house moves the person to high security. */
  moveUpProbability: number;
}

export interface Parole {
  /** Parole possible after this share of the sentence (remand credited). */
  afterShareServed: number;
  minServedDays: number;
  minSentenceDays: number;
  grantProbability: number;
  /** Each incident multiplies the odds of a grant by this. */
  incidentOddsRatio: number;
  /** Each completed progress programme (stepDown.progress.programmes) multiplies the odds of a grant by this. */
  completedProgrammeOddsRatio: number;
}

export interface ReleasePlanning {
  housing: {
    /** Probability of housing at release by housing before entry. */
    byHousingBefore: Record<HousingStatus, number>;
    /** Odds of keeping or finding housing fall by this ratio per year served (tenancies are lost in prison). */
    oddsRatioPerYearServed: number;
    /** Odds ratio for those released from a halfway house (release planning done from there). */
    halfwayOddsRatio: number;
    /** Policy: a reintegration guarantee; everyone gets housing with at least this probability (0 = no guarantee). */
    guaranteeProbability: number;
  };
  employment: {
    byEmployedBefore: { employed: number; notEmployed: number };
    /** Odds ratios on employment at release. */
    vocationalOddsRatio: number;
    educationOddsRatio: number;
    workOddsRatio: number;
    /** Policy: an employment programme at release multiplies the odds by this (1 = none). */
    employmentProgramOddsRatio: number;
  };
}

/**
 * Family contact during the stay (visits, leave, telephone): a process in continuous time. At the
 * start of a stay a share has contact; in each place it is lost at a rate of the level (faster if
 * placed far from home) and regained at a rate of the level (leave and visits in open prisons).
 * Whether it is kept is read at release, where it protects (recidivism.effects.familyContactKept).
 */
export interface FamilyContact {
  /** Share with family contact when a stay starts. */
  atEntry: number;
  /** Share of placements at each level that are far from home (a draw at each placement). */
  farFromHomeShare: Record<SecurityLevel, number>;
  /** Rate at which contact is lost, per year, by level. */
  lossPerYear: Record<SecurityLevel, number>;
  /** The loss rate is multiplied by this while placed far from home. */
  farFromHomeLossRatio: number;
  /** Rate at which lost contact is regained, per year, by level. */
  regainPerYear: Record<SecurityLevel, number>;
}

/** Health inside: continuity of care at release, and deaths in custody. */
export interface Health {
  /**
   * Treatment arranged at release (tilbakeføringsgaranti, a place in treatment, § 12): for a person
   * with a substance-use disorder, or with a serious mental illness, the probability by whether
   * they were treated inside.
   */
  continuedCare: {
    /** Substance use, completed addiction treatment inside. */
    afterTreatmentInside: number;
    /** Substance use, no completed treatment inside. */
    withoutTreatmentInside: number;
    /** Serious mental illness, psychiatric care inside (enrolled at some time in the stay). */
    afterPsychiatricCareInside: number;
    /** Serious mental illness, no psychiatric care inside. */
    withoutPsychiatricCareInside: number;
  };
  /** Mortality while holding a place (remand, high, low, halfway); the person leaves the model. */
  custodyMortality: {
    /** Suicides per 10,000 inmate-years, sentenced, after the first weeks, no serious mental illness or substance use. */
    suicidesPer10000InmateYears: number;
    /** Other deaths (illness, overdose) per 10,000 inmate-years at age 40, sentenced, no substance use. */
    otherDeathsPer10000InmateYears: number;
    /** Other deaths: rate ratio per year of age. */
    otherAgeRateRatioPerYear: number;
    /** Rate ratios on pretrial remand. */
    remandSuicideRateRatio: number;
    remandOtherRateRatio: number;
    /** Suicide rate ratio in the first `firstWeeksDays` of a stay. */
    firstWeeksDays: number;
    firstWeeksSuicideRateRatio: number;
    mentalIllnessSuicideRateRatio: number;
    substanceUseSuicideRateRatio: number;
    substanceUseOtherRateRatio: number;
  };
}

export interface Recidivism {
  /** Log-odds of ever reoffending (the susceptible share) for the reference person: a 30-year-old man with no priors, offence "other", none of the effects below. Calibrated. */
  interceptLogit: number;
  ageLogitPerYear: number;
  womenOddsRatio: number;
  /** Added to the log-odds per unit of ln(1 + prior convictions). */
  priorsLogitPerLn: number;
  offenceLogit: PerOffence<number>;
  substanceUseLogit: number;
  /**
   * Young people's own reoffending profile (issue 15 part 3): log-odds added on top of the linear
   * age slope for someone younger than `ageYears` at release. Absent: none.
   */
  young?: { ageYears: number; logit: number };
  /** Odds ratios of reoffending (below 1 protects), each fixed or with its 95% interval. */
  effects: {
    educationCompleted: OddsRatio;
    treatmentCompleted: OddsRatio;
    treatmentContinued: OddsRatio;
    cognitiveBehaviouralCompleted: OddsRatio;
    housedAtRelease: OddsRatio;
    employedAtRelease: OddsRatio;
    familyContactKept: OddsRatio;
    /** Per +0.25 officers per place above the usual staffing of the levels served in (time-weighted over the stay). */
    staffPerPlacePlus025: OddsRatio;
    /** Serving the sentence (or its last part) on EM. */
    servedOnEm: OddsRatio;
    /** Per incident during the stay (odds ratio above 1). */
    perIncident: OddsRatio;
    /** Psychiatric care arranged at release for a person with a serious mental illness. */
    psychiatricCareContinued: OddsRatio;
  };
  /** Time from release to reoffence for the susceptible, days (Weibull with shape < 1: a decreasing hazard). */
  timeToReoffenceDays: DistributionSpec;
  /** Share of reoffences that are caught and prosecuted as a new case. */
  prosecutedShare: number;
}

export interface Exits {
  /** Yearly probability of death (or emigration) of a released person aged 40; rises with age. */
  mortalityPerYearAt40: number;
  /** Mortality multiplies by this per year of age. */
  mortalityRateRatioPerYear: number;
  /** A released person with no new case for this long leaves the model, years. */
  followUpYears: number;
}

/**
 * How the cost of a place follows the number held (`corrsim compare`'s "what a policy buys",
 * docs/costs.md). A facility's unit cost (its staff at staffCostPerFteYearNok plus its non-staff
 * cost per place) holds at `referenceOccupancy`; one person more or fewer than that costs the
 * marginal cost: the variable share of the non-staff cost, and a share of the staff cost per place
 * that rises with occupancy (staff are step-fixed: a unit with room absorbs one more inmate, a
 * full one needs more officers).
 */
export interface MarginalPlaceCost {
  /** Occupancy at which the facilities' unit costs were measured. */
  referenceOccupancy: number;
  /** Share of a place's non-staff running cost that follows the number held (food, health, supplies). */
  nonStaffVariableShare: number;
  /** Share of a place's staff cost that one more person adds while occupancy is at or below `roomUntilOccupancy`. */
  staffVariableShareWithRoom: number;
  roomUntilOccupancy: number;
  /** From this occupancy on, one more person costs a whole place's staff (the share rises linearly in between). */
  fullStaffFromOccupancy: number;
}

/** What an offence costs outside the correctional service, for the benefits of reoffending avoided. */
export interface OffenceCosts {
  /** Offences counted for each reconviction (1 counts only the offence that was sentenced). */
  offencesPerReconviction: number;
  /** Cost to victims per offence, by the type of the new offence, NOK. */
  victimCostNok: PerOffence<number>;
  /** Police, prosecution and courts per offence, NOK (the sentence itself is simulated, so corrections are not in it). */
  justiceSystemCostNok: number;
}

export interface Costs {
  /** Cost of a full-time staff member, NOK per year. */
  staffCostPerFteYearNok: number;
  marginalPlace: MarginalPlaceCost;
  perOffence: OffenceCosts;
}

/** Whom a dated policy change reaches: cases that start on or after its date, or everyone from its date. */
export const POLICY_REACH = ['new-cases', 'all'] as const;
export type PolicyReach = (typeof POLICY_REACH)[number];

/**
 * A change of the rules at a calendar date: `patch` is merged into the rules in force before it
 * (as `extends` merges a file: objects key by key, lists whole). The scenario's own fields are the
 * rules before the first change.
 */
export interface PolicyChange {
  date: string;
  /**
   * `new-cases`: a case that started before the date keeps the rules of its start to its end;
   * `all`: everyone follows the new rules from the date, and sentences being served are planned
   * again from their start (parole date, step-down, halfway house, back-door EM).
   */
  appliesTo: PolicyReach;
  description?: string;
  /** Scenario fields to change, e.g. { parole: { afterShareServed: 0.5 } }; validated once merged. */
  patch: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  description: string;
  run: RunSettings;
  facilities: Facility[];
  population: Population;
  remand: Remand;
  court: Court;
  sentencing: Sentencing;
  electronicMonitoring: ElectronicMonitoring;
  communitySentences: CommunitySentences;
  sentenceQueue: SentenceQueue;
  placement: Placement;
  stepDown: StepDown;
  programs: Programs;
  incidents: Incidents;
  familyContact: FamilyContact;
  health: Health;
  parole: Parole;
  release: ReleasePlanning;
  recidivism: Recidivism;
  exits: Exits;
  costs: Costs;
  /** Foreign nationals: remand, expulsion and the rules that keep them from open prison (issue 15 part 3). Absent: treated as Norwegians. */
  foreignNationals?: ForeignNationals;
  /** Changes of the rules at dates, in date order; each builds on the rules in force before it. */
  policyChanges?: PolicyChange[];
  /** Valves of a system under pressure, each switched on and off by its trigger (src/model/valves.ts). */
  valves?: Valve[];
}

/** Foreign nationals (population.shareForeign at entry): what differs for them (issue 15 part 3, docs/model.md 2.12). */
export interface ForeignNationals {
  /** Odds ratio of being remanded, against a Norwegian charged with the same offence (flight risk, no fixed address). */
  remandOddsRatio: number;
  /** Share of foreign nationals' cases that would bring an expulsion decision with a prison sentence (drawn at the start of each case). */
  expulsionShare: number;
  /** Shortest prison sentence, days, for which an expulsion decision applies. */
  expulsionMinSentenceDays: number;
  /** Share of those with an expulsion decision who may not serve in open prison, on EM or in a halfway house. */
  barredShare: number;
  /** Share of expulsion decisions carried out at release: the person is sent out of Norway and leaves the model. */
  expelledAtReleaseShare: number;
}

export const VALVE_TYPES = ['earlyRelease', 'emBoost', 'doubleCell', 'tempPlaces'] as const;
export type ValveType = (typeof VALVE_TYPES)[number];

export const VALVE_METRICS = ['queue', 'queue_kdi', 'occupancy'] as const;
export type ValveMetric = (typeof VALVE_METRICS)[number];

/**
 * What switches a valve, one of two kinds (the schema checks which fields go together):
 * - a date window: on from `from` (inclusive), off from `until` (never, without it);
 * - a rule: on when `metric`, read at a check, is above `above`; off again at the first check
 *   where it is below `below` (below <= above: hysteresis); checked every `checkEveryDays`
 *   (a month, 365.25 / 12 days, by default) from the run's first day.
 */
export interface ValveTrigger {
  from?: string;
  until?: string;
  /** `queue`: everyone waiting to serve at liberty; `queue_kdi`: of them, those convicted more than 60 days ago; `occupancy`: held / places. */
  metric?: ValveMetric;
  /** For occupancy: the level, or all of them (remand, high, low, halfway) when absent. */
  level?: SecurityLevel;
  above?: number;
  below?: number;
  checkEveryDays?: number;
}

interface ValveBase {
  name: string;
  description?: string;
  trigger: ValveTrigger;
}

/** Release N days early for prison sentences within [minSentenceDays, maxSentenceDays] planned while the valve is on. */
export interface EarlyReleaseValve extends ValveBase {
  type: 'earlyRelease';
  days: number;
  minSentenceDays: number;
  maxSentenceDays: number;
}

/** More EM: approval shares raised to at least these, and extra devices. */
export interface EmBoostValve extends ValveBase {
  type: 'emBoost';
  frontDoorApprovalShare?: number;
  backDoorApprovalShare?: number;
  extraDevices?: number;
}

/** Double-celling: extra places up to `share` of each facility's places at the level, used only when its ordinary places are full. */
export interface DoubleCellValve extends ValveBase {
  type: 'doubleCell';
  level: SecurityLevel;
  share: number;
}

/** Temporary or rented places at a level (at its first facility, or the named one). */
export interface TempPlacesValve extends ValveBase {
  type: 'tempPlaces';
  level: SecurityLevel;
  facility?: string;
  places: number;
}

export type Valve = EarlyReleaseValve | EmBoostValve | DoubleCellValve | TempPlacesValve;
