import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';

function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [me, setMe] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    const body = await res.json();
    if (res.ok) setMe(body.user.email);
    else setError(body.error.message);
  }
  if (me) return <p data-testid="signed-in">Signed in as {me}</p>;
  return (
    <form onSubmit={submit}>
      <h1>Message Center</h1>
      <label>E-mail <input name="email" type="email" autoComplete="username" required /></label>
      <label>Password <input name="password" type="password" autoComplete="current-password" required /></label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LoginPage />
  </StrictMode>,
);
