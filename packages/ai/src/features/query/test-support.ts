import type { QueryContext, QueryStage } from './query.schemas';

export const userId = '0190f3b2-7c1e-7a4b-9a51-3c2d1e0f9a88';

export const stageIds = {
  qualification: '11111111-1111-4111-8111-111111111111',
  negotiation: '22222222-2222-4222-8222-222222222222',
  won: '33333333-3333-4333-8333-333333333333',
  lost: '44444444-4444-4444-8444-444444444444',
  proposal: '55555555-5555-4555-8555-555555555555',
  /** A second pipeline with its own "Negotiation". */
  renewalNegotiation: '66666666-6666-4666-8666-666666666666',
} as const;

export const stages: QueryStage[] = [
  { id: stageIds.qualification, name: 'Qualification', type: 'open', pipelineName: 'Sales' },
  { id: stageIds.negotiation, name: 'Negotiation', type: 'open', pipelineName: 'Sales' },
  { id: stageIds.proposal, name: 'Proposal Sent', type: 'open', pipelineName: 'Sales' },
  { id: stageIds.won, name: 'Closed Won', type: 'won', pipelineName: 'Sales' },
  { id: stageIds.lost, name: 'Closed Lost', type: 'lost', pipelineName: 'Sales' },
  { id: stageIds.renewalNegotiation, name: 'Negotiation', type: 'open', pipelineName: 'Renewals' },
];

export const openStageIds = [stageIds.qualification, stageIds.negotiation, stageIds.proposal, stageIds.renewalNegotiation];

/**
 * Thursday 5 November 2026, 16:30 in Paris (UTC+1 since the end of summer
 * time on 25 October): Q4 runs from 2026-10-01 to 2026-12-31.
 */
export const context: QueryContext = {
  now: new Date('2026-11-05T15:30:00Z'),
  userId,
  timeZone: 'Europe/Paris',
  stages,
  customFields: [
    { object: 'deals', key: 'tier', label: 'Tier', type: 'select' },
    { object: 'deals', key: 'renewal_date', label: 'Renewal date', type: 'date' },
    { object: 'deals', key: 'probability', label: 'Win probability', type: 'number' },
    { object: 'deals', key: 'strategic', label: 'Strategic', type: 'boolean' },
    { object: 'contacts', key: 'tier', label: 'Tier', type: 'select' },
    { object: 'companies', key: 'regions', label: 'Regions', type: 'multi_select' },
  ],
};
