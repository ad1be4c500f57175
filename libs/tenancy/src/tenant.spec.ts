import { Clock } from './clock';
import { issuerFor, toTenant } from './tenant';

describe('issuerFor', () => {
  it.each([
    [{ domain: 'localhost:3000', is_default: true }, 'http://localhost:3000', 'http://localhost:3000/'],
    [{ domain: 'localhost:3000', is_default: true }, 'http://localhost:3000/', 'http://localhost:3000/'],
    [{ domain: 'auth.example.com', is_default: true }, 'https://auth.example.com', 'https://auth.example.com/'],
    [{ domain: 'acme.localhost:3000', is_default: false }, 'http://localhost:3000', 'http://acme.localhost:3000/'],
    [{ domain: 'acme.localhost:3443', is_default: false }, 'https://localhost:3443', 'https://acme.localhost:3443/'],
  ])('%p with public URL %s → %s', (row, publicUrl, issuer) => expect(issuerFor(row, publicUrl)).toBe(issuer));

  it('gives the Management API audience as https://{domain}/api/v2/ whatever the scheme', () => {
    const t = toTenant(
      {
        id: 't',
        account_id: 'a',
        domain: 'localhost:3000',
        is_default: true,
        settings: {},
        management_rate_limit: null,
        bootstrap_client_id: null,
        created_at: '',
      },
      'http://localhost:3000',
    );
    expect(t.managementAudience).toBe('https://localhost:3000/api/v2/');
  });
});

describe('Clock', () => {
  it('starts at the given instant and runs forward', async () => {
    const clock = new Clock(new Date('2026-03-31T23:59:59Z'));
    const first = clock.nowMs();
    expect(Math.abs(first - Date.parse('2026-03-31T23:59:59Z'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.nowMs()).toBeGreaterThan(first);
  });
  it('can be moved', () => {
    const clock = new Clock();
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(clock.now().getUTCFullYear()).toBe(2030);
    expect(clock.nowSeconds()).toBe(Math.floor(clock.nowMs() / 1000));
  });
  it('runs on real time when not started at an instant', () => {
    expect(Math.abs(new Clock().nowMs() - Date.now())).toBeLessThan(1000);
  });
});
