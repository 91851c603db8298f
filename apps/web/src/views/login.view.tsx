/**
 * Sign-in page. A wrong password shows the error inline; success stays on the page's address (from /login: the role's
 * home).
 */
import '../login.css';
import { useState, type FormEvent } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { signIn } from '../auth';
import { homeFor, navigate } from '../router';

export function LoginView() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await res.json().catch(() => null)) as {
        token?: string;
        user?: PublicUser;
        error?: { code?: string; message?: string };
      } | null;
      if (res.ok && body?.token && body.user) {
        if (window.location.pathname === '/login') navigate(homeFor(body.user.role), { replace: true });
        signIn(body.token, body.user);
        return;
      }
      if (res.status === 401) setError('Wrong email or password.');
      else setError(body?.error?.message ?? `Sign-in failed (${res.status}).`);
    } catch {
      setError('Cannot reach the server. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page" data-testid="login-page">
      <form className="login-card" onSubmit={submit} noValidate>
        <h1 className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Live Space
        </h1>
        <p className="login-sub">Sign in to watch the live floor.</p>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            data-testid="login-email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            data-testid="login-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="login-submit" disabled={busy || !email || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
