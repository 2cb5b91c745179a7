import type { PeriodUnit } from './calendar';
import type { QueryResource } from './query.schemas';

/**
 * The words the offline parser knows. Plain tables, so a missing phrasing
 * is a one-line change and a test.
 */

export type ActivityType = 'note' | 'task' | 'call' | 'meeting' | 'email';

export interface Noun {
  resource: QueryResource;
  /** Weak nouns ("call", "emails") name a resource only when no strong one does. */
  strong: boolean;
  activityType?: ActivityType;
  lifecycleStage?: string;
  /** A job title: "CEOs" are contacts whose title contains "CEO". */
  title?: string;
}

const nounList: Array<[string[], Noun]> = [
  [['deal', 'deals', 'opportunity', 'opportunities', 'opp', 'opps'], { resource: 'deals', strong: true }],
  [['pipeline'], { resource: 'deals', strong: false }],
  [['contact', 'contacts', 'people', 'person', 'persons', 'prospect', 'prospects'], { resource: 'contacts', strong: true }],
  [['lead', 'leads'], { resource: 'contacts', strong: true, lifecycleStage: 'lead' }],
  [['customer', 'customers'], { resource: 'contacts', strong: true, lifecycleStage: 'customer' }],
  [['mql', 'mqls'], { resource: 'contacts', strong: true, lifecycleStage: 'marketing_qualified' }],
  [['sql', 'sqls'], { resource: 'contacts', strong: true, lifecycleStage: 'sales_qualified' }],
  [['company', 'companies', 'account', 'accounts', 'organisation', 'organisations', 'organization', 'organizations', 'org', 'orgs', 'business', 'businesses', 'firm', 'firms'], { resource: 'companies', strong: true }],
  [['activity', 'activities'], { resource: 'activities', strong: true }],
  [['task', 'tasks', 'todo', 'todos', 'to-do', 'to-dos'], { resource: 'activities', strong: true, activityType: 'task' }],
  [['calls'], { resource: 'activities', strong: true, activityType: 'call' }],
  [['call'], { resource: 'activities', strong: false, activityType: 'call' }],
  [['meeting', 'meetings'], { resource: 'activities', strong: true, activityType: 'meeting' }],
  [['note', 'notes'], { resource: 'activities', strong: true, activityType: 'note' }],
  [['email', 'emails', 'e-mail', 'e-mails'], { resource: 'activities', strong: false, activityType: 'email' }],
];

const titleList: Array<[string[], string]> = [
  [['ceo', 'ceos'], 'CEO'],
  [['cto', 'ctos'], 'CTO'],
  [['cfo', 'cfos'], 'CFO'],
  [['coo', 'coos'], 'COO'],
  [['cmo', 'cmos'], 'CMO'],
  [['cio', 'cios'], 'CIO'],
  [['vp', 'vps'], 'VP'],
  [['founder', 'founders', 'cofounder', 'cofounders', 'co-founder', 'co-founders'], 'founder'],
  [['director', 'directors'], 'director'],
  [['manager', 'managers'], 'manager'],
  [['engineer', 'engineers'], 'engineer'],
  [['president', 'presidents'], 'president'],
];

export const nouns = new Map<string, Noun>([
  ...nounList.flatMap(([words, noun]) => words.map((w) => [w, noun] as const)),
  ...titleList.flatMap(([words, title]) => words.map((w) => [w, { resource: 'contacts', strong: true, title } satisfies Noun] as const)),
]);

/** "marketing directors": a department word before a title narrows it. */
export const departments = new Set(['sales', 'marketing', 'product', 'engineering', 'finance', 'hr', 'it', 'operations', 'procurement', 'purchasing', 'support', 'legal']);

export const pluralOf: Record<QueryResource, string> = { contacts: 'contacts', companies: 'companies', deals: 'deals', activities: 'activities' };
export const activityPlural: Record<ActivityType, string> = { note: 'notes', task: 'tasks', call: 'calls', meeting: 'meetings', email: 'e-mails' };
export const lifecyclePlural: Record<string, string> = { lead: 'leads', customer: 'customers', marketing_qualified: 'marketing-qualified leads', sales_qualified: 'sales-qualified leads' };

/** Words that say which kind of record a question is about when it names none. */
export const resourceHints: Array<[QueryResource, string[]]> = [
  ['deals', ['closing', 'close', 'amount', 'won', 'lost', 'stage', 'revenue', 'worth', 'value', 'valued', 'biggest', 'largest']],
  ['activities', ['overdue', 'due', 'completed', 'upcoming', 'scheduled']],
  ['companies', ['industry', 'sector', 'domain', 'website']],
  ['contacts', ['title', 'phone', 'linkedin', 'source', 'lifecycle', 'email', 'referral']],
];

export const monthNames = new Map<string, number>([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8],
  ['september', 9], ['sept', 9], ['sep', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);

export const weekdayNames = new Map<string, number>([
  ['monday', 1], ['mon', 1], ['tuesday', 2], ['tue', 2], ['tues', 2], ['wednesday', 3], ['wed', 3], ['thursday', 4], ['thu', 4], ['thurs', 4],
  ['friday', 5], ['fri', 5], ['saturday', 6], ['sat', 6], ['sunday', 7], ['sun', 7],
]);

export const periodUnits = new Map<string, PeriodUnit>([
  ['day', 'day'], ['days', 'day'], ['week', 'week'], ['weeks', 'week'], ['wk', 'week'], ['wks', 'week'],
  ['month', 'month'], ['months', 'month'], ['quarter', 'quarter'], ['quarters', 'quarter'], ['qtr', 'quarter'], ['qtrs', 'quarter'],
  ['year', 'year'], ['years', 'year'], ['yr', 'year'], ['yrs', 'year'],
]);

/** Lead sources recognised after "from" or "via"; any value is taken after "source". */
export const leadSources = [
  'linkedin', 'google ads', 'google', 'facebook', 'twitter', 'instagram', 'youtube', 'tiktok', 'referral', 'referrals', 'website', 'web',
  'webinar', 'webinars', 'event', 'events', 'conference', 'conferences', 'trade show', 'partner', 'partners', 'outbound', 'inbound',
  'cold call', 'cold calls', 'cold email', 'newsletter', 'ads', 'adwords', 'organic', 'seo', 'social', 'word of mouth', 'g2', 'capterra',
  'product hunt', 'direct', 'email campaign', 'campaign',
];

export const industries = [
  'software', 'saas', 'fintech', 'finance', 'financial services', 'banking', 'insurance', 'healthcare', 'health', 'biotech', 'pharma',
  'retail', 'ecommerce', 'e-commerce', 'manufacturing', 'education', 'edtech', 'real estate', 'media', 'marketing', 'consulting',
  'logistics', 'energy', 'telecom', 'telecommunications', 'automotive', 'legal', 'hospitality', 'travel', 'construction', 'agriculture',
  'gaming', 'nonprofit', 'non-profit', 'government', 'tech', 'technology', 'cybersecurity', 'security', 'crypto', 'food', 'transportation',
  'aerospace', 'wholesale', 'hardware', 'ai',
];

export const currencyCodes = new Set(['usd', 'eur', 'gbp', 'jpy', 'chf', 'cad', 'aud', 'nzd', 'inr', 'cny', 'sek', 'nok', 'dkk', 'pln', 'brl', 'mxn', 'sgd', 'hkd', 'zar', 'czk', 'huf']);
export const currencyWords = new Map<string, string>([['euro', 'EUR'], ['euros', 'EUR'], ['pounds', 'GBP'], ['sterling', 'GBP'], ['yen', 'JPY']]);

/**
 * Words that carry no filter: left unused they are not reported as ignored.
 * Everything else that no rule reads is listed in the explanation.
 */
export const fillerWords = new Set([
  'a', 'about', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'being', 'but', 'by', 'can', 'could', 'did', 'display',
  'do', 'does', 'each', 'every', 'fetch', 'find', 'for', 'from', 'get', 'give', 'have', 'has', 'having', 'how', 'i', 'i’m', "i'm", 'in', 'is',
  'it', 'its', 'just', 'let', 'lets', 'like', 'list', 'look', 'looking', 'many', 'me', 'much', 'need', 'of', 'on', 'only', 'or', 'our', 'please',
  'pull', 'records', 'record', 'search', 'see', 'should', 'show', 'so', 'some', 'still', 'than', 'that', 'the', 'their', 'them', 'there', 'these',
  'they', 'this', 'those', 'to', 'up', 'us', 'want', 'was', 'we', 'were', 'what', 'whats', "what's", 'when', 'where', 'which', 'who', 'whose',
  'will', 'with', 'would', 'you', 'your', 'yet', 'currently', 'now', 'ones', 'one', 'any', 'thanks', 'thank', 'hey', 'hi', 'hello', 'okay', 'ok',
  'number', 'count', 'total',
]);
