import { createHmac } from 'node:crypto';
import { signBody } from '@chuangwen/webhooks';
import { verifySignature } from './signature';

const secret = 'grid-secret-0123456789abcdef0123456789';
const body = '{"eventId":"WG-1","classCode":"0201"}';
const now = new Date('2025-06-01T02:00:00Z');
const ts = String(now.getTime() / 1000);

describe('grid signature (HMAC-SHA256 over "<timestamp>.<body>")', () => {
  it('is the HMAC an openssl user computes by hand', () => {
    const byHand = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signBody(secret, ts, body)).toBe(`sha256=${byHand}`);
    expect(signBody(secret, ts, Buffer.from(body))).toBe(`sha256=${byHand}`);
  });

  it('gives the worked example of docs/grid.md', () => {
    const example =
      '{"eventId":"WG20250601-0001","classCode":"0201","className":"非法小广告","gridCellId":"620102001001-03","communityCode":"620102001001","description":"电线杆上张贴小广告","reportedAt":"2025-06-01T09:30:00+08:00"}';
    expect(signBody('example-secret-please-change-0123456789', '1748741400', example)).toBe(
      'sha256=23aef65afb5825ebb2ee9844f13de2e1ff6b73991bc8dc3279c2b56019ba8131',
    );
  });

  it('accepts a good signature within the tolerance', () => {
    expect(
      verifySignature({ secret, timestamp: ts, signature: signBody(secret, ts, body), body, now, maxAgeSeconds: 300 }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a re-signed timestamp, and malformed headers', () => {
    const signature = signBody(secret, ts, body);
    expect(verifySignature({ secret, timestamp: ts, signature, body: body.replace('0201', '0202') })).toMatchObject({
      ok: false,
      reason: 'the signature does not match the body',
    });
    expect(verifySignature({ secret: `${secret}x`, timestamp: ts, signature, body }).ok).toBe(false);
    // The timestamp is signed: moving it forward to look fresh breaks the signature.
    expect(verifySignature({ secret, timestamp: String(Number(ts) + 600), signature, body }).ok).toBe(false);
    expect(verifySignature({ secret, timestamp: undefined, signature, body })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Unix seconds/),
    });
    expect(verifySignature({ secret, timestamp: ts, signature: signature.toUpperCase(), body }).ok).toBe(false);
    expect(verifySignature({ secret, timestamp: ts, signature: 'md5=abc', body }).ok).toBe(false);
  });

  it('refuses a well-signed but stale (or future-dated) request', () => {
    const old = String(Number(ts) - 301);
    expect(
      verifySignature({
        secret,
        timestamp: old,
        signature: signBody(secret, old, body),
        body,
        now,
        maxAgeSeconds: 300,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/301 s .*stale or replayed/) });
    const ahead = String(Number(ts) + 301);
    expect(
      verifySignature({
        secret,
        timestamp: ahead,
        signature: signBody(secret, ahead, body),
        body,
        now,
        maxAgeSeconds: 300,
      }).ok,
    ).toBe(false);
    const edge = String(Number(ts) - 300);
    expect(
      verifySignature({
        secret,
        timestamp: edge,
        signature: signBody(secret, edge, body),
        body,
        now,
        maxAgeSeconds: 300,
      }).ok,
    ).toBe(true);
  });
});
