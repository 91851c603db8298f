/** Token and signed-in user, kept in localStorage so a reload stays signed in. */
import type { PublicUser } from '@livespace/protocol/http';
import { userMay } from './permissions';

const TOKEN_KEY = 'livespace.token';
const USER_KEY = 'livespace.user';

type Listener = () => void;
const listeners = new Set<Listener>();

export interface AuthState {
  token: string | null;
  user: PublicUser | null;
}

let state: AuthState = read();

function read(): AuthState {
  const token = localStorage.getItem(TOKEN_KEY);
  let user: PublicUser | null = null;
  try {
    const raw = localStorage.getItem(USER_KEY);
    user = raw ? (JSON.parse(raw) as PublicUser) : null;
  } catch {
    user = null;
  }
  return { token, user: token ? user : null };
}

export function getAuth(): AuthState {
  return state;
}

export function subscribeAuth(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signIn(token: string, user: PublicUser): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  set({ token, user });
}

export function updateUser(user: PublicUser): void {
  if (!state.token) return;
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  set({ token: state.token, user });
}

/** Supervisors and admins place calls (Dial Now); human agents do not. */
export function canPlaceCalls(user: PublicUser | null | undefined): boolean {
  return userMay(user, 'calls.dial');
}

/**
 * Our phone numbers and the agents answering them: admins and supervisors see them (supervisors read-only); human
 * agents do not.
 */
export function canSeeNumbers(user: PublicUser | null | undefined): boolean {
  return userMay(user, 'numbers.read');
}

/** Which agent answers the public is configuration: only admins map and delete numbers. */
export function canEditNumbers(user: PublicUser | null | undefined): boolean {
  return userMay(user, 'numbers.manage');
}

/**
 * Signs out for real: the server revokes the login (and its cookie) and closes its live connections,
 * then this browser forgets it. Forgotten here even when the server cannot be reached.
 */
export async function signOutEverywhere(): Promise<void> {
  const { token } = state;
  if (token) {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      credentials: 'same-origin',
    }).catch(() => {});
  }
  signOut();
}

/** Forgets the token; the app falls back to the login page. */
export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  if (state.token !== null) set({ token: null, user: null });
}

function set(next: AuthState): void {
  state = next;
  for (const l of listeners) l();
}
