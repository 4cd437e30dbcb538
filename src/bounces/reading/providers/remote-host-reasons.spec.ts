import type { FailedRecipient } from '../failed-recipient.js';
import { remoteHostReason } from './remote-host-reasons.js';

function recipient(address: string, status: string, diagnostic: string): FailedRecipient {
  return {
    recipient: address,
    action: 'failed',
    status,
    replyCode: diagnostic.slice(0, 3),
    diagnostic,
  };
}

describe('remoteHostReason', () => {
  it('reads Microsoft 5.7.509 DMARC refusals as an authentication failure', () => {
    const one = recipient(
      'someone@outlook.com',
      '5.7.509',
      '550 5.7.509 Access denied, sending domain [EXAMPLE.JP] does not pass DMARC verification and has a DMARC policy of reject.',
    );
    expect(remoteHostReason(one, 'apc.olc.protection.outlook.com')).toBe('authfailure');
  });

  it("keeps GoDaddy's rate limit soft although it carries 5.1.1", () => {
    const one = recipient(
      'kijitora@example.com',
      '5.1.1',
      '550 5.1.1 <kijitora@example.com> - 203.0.113.222 has sent to too many recipients this hour. IB607 <http://x.co/rlbounce>',
    );
    expect(remoteHostReason(one, 'dns; smtp.secureserver.net')).toBe('speeding');
  });

  it('reads an inactive Gmail account as suspended, not unknown', () => {
    const one = recipient(
      'kijitora@google.example.com',
      '5.2.1',
      '550-5.2.1 The email account that you tried to reach is inactive. For more information',
    );
    expect(remoteHostReason(one, 'aspmx.l.google.com')).toBe('suspend');
  });

  it('tells au\'s filter ("550 : User unknown") from an unknown user', () => {
    const filtered = recipient('neko@ezweb.ne.jp', '5.0.0', '550 : User unknown');
    const unknown = recipient('neko@au.com', '5.1.1', '550 <neko@au.com>: User unknown');
    expect(
      remoteHostReason(
        filtered,
        'lsean.ezweb.ne.jp. (27.85.176.228, the server for the domain ezweb.ne.jp.)',
      ),
    ).toBe('filtered');
    expect(remoteHostReason(unknown, 'msmx.au.com')).toBe('userunknown');
  });

  it("reads Orange's and La Poste's numbered codes", () => {
    const blocked = recipient(
      'x@laposte.net',
      '5.5.0',
      '550 5.5.0 Le compte du destinataire est bloque. LPN007_426',
    );
    const unknown = recipient('x@orange.fr', '5.1.1', '550 5.1.1 Invalid recipient. OFR_416 [416]');
    expect(remoteHostReason(blocked, 'smtpz4.laposte.net')).toBe('suspend');
    expect(remoteHostReason(unknown, 'smtp-in.orange.fr')).toBe('userunknown');
  });

  it("finds the provider by the recipient's domain when no host is known (Spectrum's AUP codes)", () => {
    const one = recipient('user@charter.net', '5.1.0', '550 5.1.0 sender rejected. AUP#In-1310');
    expect(remoteHostReason(one, '')).toBe('toomanyconn');
  });

  it('reads Tencent frequency limits and NTT DOCOMO refusals', () => {
    expect(
      remoteHostReason(
        recipient('n@qq.example.cn', '5.0.0', '550 Ip frequency limited'),
        'mx3.qq.com',
      ),
    ).toBe('toomanyconn');
    expect(
      remoteHostReason(
        recipient('a@docomo.example.ne.jp', '5.0.0', '550 Unknown user a@docomo.example.ne.jp'),
        'mfsmax.docomo.ne.jp',
      ),
    ).toBe('rejected');
  });

  it('returns null for servers it has no rules for, and for texts a provider rule does not know', () => {
    expect(
      remoteHostReason(
        recipient('a@example.jp', '5.1.1', '550 5.1.1 User unknown'),
        'mx.example.jp',
      ),
    ).toBeNull();
    expect(
      remoteHostReason(recipient('a@example.jp', '5.0.0', '550 something else'), 'mx3.qq.com'),
    ).toBeNull();
  });
});
