import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const secret = 'a-secret-of-at-least-thirty-two-characters!';
const sign = (exp: number, key = secret) =>
  new SignJWT({ roles: ['office'], jurisdiction: '620102' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('office-1')
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(key));

describe('TokenVerifier: tokens verified lately are remembered, never past what they allow', () => {
  const verifier = new TokenVerifier({ secret, maxLifetimeSeconds: 86_400 });
  const at = (seconds: number) => new Date(seconds * 1000);

  it('answers a token sent again with the same claims', async () => {
    const token = await sign(2_000_000_000);
    const first = await verifier.verify(token, at(1_999_999_000));
    const again = await verifier.verify(token, at(1_999_999_010));
    expect(again).toEqual(first);
    expect(again.sub).toBe('office-1');
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await sign(2_000_000_000);
    await verifier.verify(token, at(1_999_999_990));
    await expect(verifier.verify(token, at(2_000_000_000))).rejects.toThrow(/exp/);
  });

  it('does not answer for an instant before the one it was verified at (nbf still ahead then)', async () => {
    const token = await new SignJWT({ roles: ['office'], jurisdiction: '620102' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('office-1')
      .setIssuedAt(1_999_996_400)
      .setNotBefore(1_999_999_000)
      .setExpirationTime(2_000_000_000)
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(token, at(1_999_999_500))).resolves.toMatchObject({ sub: 'office-1' });
    await expect(verifier.verify(token, at(1_999_998_000))).rejects.toThrow(/nbf/);
  });

  it('never remembers a token it refused', async () => {
    const forged = await sign(2_000_000_000, `${secret}-forged`);
    await expect(verifier.verify(forged, at(1_999_999_000))).rejects.toThrow(/signature/);
    await expect(verifier.verify(forged, at(1_999_999_001))).rejects.toThrow(/signature/);
  });
});
