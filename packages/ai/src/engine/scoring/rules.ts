import type { ContactSnapshot, DealSnapshot } from './score-features';
import { seniorityOf } from './score-features';

/** One reason behind a score, in words a salesperson reads. */
export interface ScoreFactor {
  /** The input, e.g. `stageProbability`, `seniority=executive`. */
  feature: string;
  label: string;
  /** Points on the 0–100 scale for rules; change in log-odds for trained models. */
  contribution: number;
  direction: 'raises' | 'lowers';
}

export interface RuleScore {
  /** 0–1. */
  probability: number;
  factors: ScoreFactor[];
}

function factor(feature: string, label: string, points: number): ScoreFactor {
  return { feature, label, contribution: points, direction: points >= 0 ? 'raises' : 'lowers' };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function byWeight(factors: ScoreFactor[]): ScoreFactor[] {
  return factors.filter((f) => f.contribution !== 0).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

/**
 * Win probability before a workspace has enough history for its own model:
 * the stage's probability, moved by a few transparent rules about momentum.
 * Won and lost deals are certain.
 */
export function dealRuleScore(deal: DealSnapshot, today: string): RuleScore {
  if (deal.stageType === 'won') return { probability: 1, factors: [factor('stage', `Stage ${deal.stageName} is won`, 100)] };
  if (deal.stageType === 'lost') return { probability: 0, factors: [factor('stage', `Stage ${deal.stageName} is lost`, -100)] };
  const factors: ScoreFactor[] = [factor('stageProbability', `Stage ${deal.stageName} wins ${deal.stageProbability}% of the time`, deal.stageProbability)];
  if (deal.closeDate !== null && deal.closeDate < today) factors.push(factor('closeDatePassed', `Close date ${deal.closeDate} has passed`, -15));
  if (deal.daysSinceActivity === null) factors.push(factor('noActivity', 'No calls, meetings, e-mails or notes yet', -10));
  else if (deal.daysSinceActivity > 30) factors.push(factor('daysSinceActivity', `No activity for ${Math.floor(deal.daysSinceActivity)} days`, -10));
  if (deal.meetings > 0 && deal.daysSinceActivity !== null && deal.daysSinceActivity <= 14) factors.push(factor('recentMeeting', 'Met and active in the last two weeks', 5));
  if (deal.daysInStage > 60) factors.push(factor('daysInStage', `In this stage for ${Math.floor(deal.daysInStage)} days`, -5));
  if (deal.contacts >= 2) factors.push(factor('contacts', `${deal.contacts} contacts involved`, 5));
  const points = factors.reduce((sum, f) => sum + f.contribution, 0);
  return { probability: clamp(points, 1, 99) / 100, factors: byWeight(factors) };
}

const stageProgress: Record<string, number> = {
  lead: 0,
  subscriber: 0,
  marketing_qualified: 10,
  mql: 10,
  sales_qualified: 20,
  sql: 20,
  opportunity: 25,
  evangelist: 30,
};

const sourcePoints: Record<string, number> = { referral: 10, partner: 8, event: 5, website: 3, inbound: 5 };

const seniorityPoints: Record<string, number> = { executive: 15, vp: 12, director: 10, manager: 5, individual: 0, junior: -5, unknown: 0 };

/** Lead score before a workspace has enough converted and lost leads for its own model: points anyone can check. */
export function contactRuleScore(contact: ContactSnapshot): RuleScore {
  const stage = contact.lifecycleStage?.toLowerCase().trim() ?? '';
  if (stage === 'customer') return { probability: 1, factors: [factor('lifecycleStage', 'Already a customer', 100)] };
  const factors: ScoreFactor[] = [factor('base', 'Every contact starts at 20', 20)];
  const progress = stageProgress[stage];
  if (progress !== undefined && progress !== 0) factors.push(factor('lifecycleStage', `Lifecycle stage ${contact.lifecycleStage ?? ''}`, progress));
  if (['unqualified', 'disqualified', 'lost', 'churned', 'bad_fit', 'bad fit', 'closed_lost'].includes(stage)) {
    factors.push(factor('lifecycleStage', `Lifecycle stage ${contact.lifecycleStage ?? ''}`, -20));
  }
  factors.push(contact.hasEmail ? factor('hasEmail', 'Has an e-mail address', 10) : factor('hasEmail', 'No e-mail address', -5));
  if (contact.hasEmail && contact.freeMail) factors.push(factor('freeMail', 'Personal e-mail provider', -5));
  if (contact.hasPhone) factors.push(factor('hasPhone', 'Has a phone number', 5));
  const seniority = seniorityOf(contact.title);
  const seniorityScore = seniorityPoints[seniority] ?? 0;
  if (seniorityScore !== 0) factors.push(factor(`seniority=${seniority}`, `Title ${contact.title ?? ''} (${seniority})`, seniorityScore));
  if (contact.hasCompany) factors.push(factor('hasCompany', 'Works at a known company', 5));
  const source = contact.leadSource?.toLowerCase().trim() ?? '';
  const sourceScore = sourcePoints[source] ?? 0;
  if (sourceScore !== 0) factors.push(factor(`leadSource=${source}`, `Came from ${contact.leadSource ?? ''}`, sourceScore));
  if (contact.activities30d > 0) factors.push(factor('activities30d', `${contact.activities30d} activities in the last 30 days`, Math.min(15, contact.activities30d * 5)));
  else if (contact.daysSinceActivity !== null && contact.daysSinceActivity > 90) factors.push(factor('daysSinceActivity', `No activity for ${Math.floor(contact.daysSinceActivity)} days`, -10));
  if (contact.openDeals > 0) factors.push(factor('openDeals', `On ${contact.openDeals} open deal${contact.openDeals === 1 ? '' : 's'}`, 15));
  const points = factors.reduce((sum, f) => sum + f.contribution, 0);
  return { probability: clamp(points, 0, 99) / 100, factors: byWeight(factors) };
}

const featureLabels: Record<string, string> = {
  amount: 'Amount',
  currency: 'Currency',
  stageProbability: 'Stage probability',
  ageDays: 'Deal age',
  daysInStage: 'Days in stage',
  stageChanges: 'Stage changes',
  activities30d: 'Activity in the last 30 days',
  meetings: 'Meetings',
  calls: 'Calls',
  emails: 'E-mails',
  daysSinceActivity: 'Days since last activity',
  contacts: 'Contacts on the deal',
  pipeline: 'Pipeline',
  owner: 'Owner',
  industry: 'Company industry',
  companySize: 'Company size',
  leadSource: 'Lead source',
  seniority: 'Seniority',
  hasEmail: 'Has e-mail',
  hasPhone: 'Has phone',
  freeMail: 'Personal e-mail provider',
  hasCompany: 'Linked company',
  earlyActivities: 'Activities in the first 30 days',
  earlyMeetings: 'Meetings in the first 30 days',
};

/** A trained model's input name (`leadSource=referral`, `amount:missing`) in words. */
export function describeFeature(feature: string): string {
  const match = /^([A-Za-z0-9]+)(?:(=|:)(.*))?$/.exec(feature);
  if (!match) return feature;
  const [, field = feature, separator, rest] = match;
  const label = featureLabels[field] ?? field;
  if (separator === '=') return field === 'owner' || field === 'pipeline' ? `${label} (this ${field})` : `${label}: ${rest ?? ''}`;
  if (separator === ':') return `${label} unknown`;
  return label;
}
