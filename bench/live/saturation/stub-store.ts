/**
 * The store behind the saturation gateway: it knows every recorded session's summary and nothing else.
 * Typed as the real `Store` port (no cast), so a method added to the port fails to compile here instead of
 * crashing the bench at run time. What the gateway reads answers empty; what it never calls refuses.
 */
import type { CampaignLock, Store } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';

/** For methods the gateway never calls: a clear failure if it ever starts to. */
const unused = (name: string) => (): Promise<never> =>
  Promise.reject(new Error(`bench stub store: ${name} is not expected in the saturation bench`));

export class StubStore implements Store {
  readonly kind = 'pglite' as const;
  constructor(private readonly summaries: ReadonlyMap<string, SessionSummary>) {}

  // What the gateway reads: subscriptions come with `since: 0`, the stub knows every session and has no stored events.
  async getSession(id: string) {
    return this.summaries.get(id) ?? null;
  }
  async sessionEvents() {
    return [];
  }
  async listSessions() {
    return [];
  }
  async listCallbacks() {
    return [];
  }
  async listCampaigns() {
    return [];
  }
  async listEscalations() {
    return [];
  }
  async listPresence() {
    return [];
  }

  // Everything else: empty, nothing, or refused.
  async migrate() {}
  async ping() {}
  async close() {}
  createUser = unused('createUser');
  async findUserByEmail() {
    return null;
  }
  async findUserById() {
    return null;
  }
  async countUsers() {
    return 0;
  }
  async listUsers() {
    return [];
  }
  async updateUser() {
    return null;
  }
  async setPasswordHash() {
    return false;
  }
  async countActiveAdmins() {
    return 0;
  }
  async createToken() {}
  async findLogin() {
    return null;
  }
  async deleteToken() {}
  async deleteTokensOfUser() {
    return [];
  }
  async listAgents() {
    return [];
  }
  async listNumbers() {
    return [];
  }
  upsertNumber = unused('upsertNumber');
  async deleteNumber() {
    return false;
  }
  async getAgent() {
    return null;
  }
  async createAgent() {
    return null;
  }
  async appendEvents() {}
  async heartbeat() {}
  async orphanedSessions() {
    return [];
  }
  async sessionOwner() {
    return null;
  }
  async agentMayRead() {
    return false;
  }
  async liveConversationWith() {
    return null;
  }
  async recordAction() {}
  async listActions() {
    return [];
  }
  async claimEscalation() {
    return null;
  }
  async claimEscalationAlone() {
    return null;
  }
  async releaseEscalation() {}
  async getEscalation() {
    return null;
  }
  async escalationsSince() {
    return [];
  }
  async getPresence() {
    return null;
  }
  async setPresence() {
    return false;
  }
  async touchPresence() {}
  async goneHumanAgents() {
    return [];
  }
  async returningHumanAgents() {
    return [];
  }
  async listQueueSettings() {
    return [];
  }
  async createQueueSettings() {
    return 'exists' as const;
  }
  async updateQueueSettings() {
    return null;
  }
  async setQueueMembers() {
    return [];
  }
  getPreferences = unused('getPreferences');
  unsummarizedSessions = unused('unsummarizedSessions');
  mergePreferences = unused('mergePreferences');
  async listTeams() {
    return [];
  }
  async getTeam() {
    return null;
  }
  createTeam = unused('createTeam');
  updateTeam = unused('updateTeam');
  deleteTeam = unused('deleteTeam');
  setTeamMembers = unused('setTeamMembers');
  async analyticsSummary(): Promise<never> {
    throw new Error('not in the saturation bench');
  }
  async analyticsSeries() {
    return [];
  }
  async analyticsHumanAgents() {
    return [];
  }

  insertCallback = unused('insertCallback');
  async getCallback() {
    return null;
  }
  async updateCallback() {
    return null;
  }
  async claimDueCallbacks() {
    return [];
  }
  async orphanedCallbacks() {
    return [];
  }

  async insertCampaign() {}
  async getCampaign() {
    return null;
  }
  async campaignIds() {
    return [];
  }
  campaignProgress = unused('campaignProgress');
  async withCampaign<T>(_id: string, _fn: (lock: CampaignLock) => Promise<T>): Promise<T | null> {
    return null;
  }
  importContacts = unused('importContacts');
  searchSessions = unused('searchSessions');
  countSessions = unused('countSessions');
  async listContacts() {
    return [];
  }
  async endContactAttempt() {
    return false;
  }
  async loseContactAttempt() {
    return false;
  }
  async orphanedContacts() {
    return [];
  }
  async addDoNotCall() {
    return 0;
  }
  async listDoNotCall() {
    return [];
  }
  recordAudit = unused('recordAudit');
  listAudit = unused('listAudit');
  deleteSession = unused('deleteSession');
  deleteEndedBefore = unused('deleteEndedBefore');
  deleteAuditBefore = unused('deleteAuditBefore');
  claimJob = unused('claimJob');
}
