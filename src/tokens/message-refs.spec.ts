import { MessageRefs } from './message-refs.js';

const config = {
  APP_SECRET: 'x'.repeat(40),
  BOUNCE_ADDRESS: undefined,
  MAIL_FROM: 'نشرة الصباح <newsletter@news.example>',
};

describe('MessageRefs (VERP and X-Nashra-Ref)', () => {
  const refs = new MessageRefs(config);
  const campaign = { kind: 'campaign', campaignId: 12, subscriberId: 345 } as const;

  it('tags the envelope sender with the message, and reads it back', () => {
    const address = refs.envelopeSender(refs.signed(campaign));
    expect(address).toMatch(/^newsletter\+b\.c12\.s345\.[0-9a-f]{12}@news\.example$/);
    expect(refs.fromEnvelopeSender(address)).toEqual(campaign);
    // Some MTAs upper- or lower-case what they return; the tag survives either.
    expect(refs.fromEnvelopeSender(address.toUpperCase())).toEqual(campaign);
    const outbox = { kind: 'outbox', emailId: 9, subscriberId: 345 } as const;
    expect(refs.fromEnvelopeSender(refs.envelopeSender(refs.signed(outbox)))).toEqual(outbox);
  });

  it('refuses a tag whose signature does not match, and addresses that are not ours', () => {
    const address = refs.envelopeSender(refs.signed(campaign));
    const aimedElsewhere = address.replace('s345', 's346');
    expect(refs.fromEnvelopeSender(aimedElsewhere)).toBeNull();
    expect(refs.fromEnvelopeSender(address.replace('news.example', 'evil.example'))).toBeNull();
    expect(refs.fromEnvelopeSender('newsletter@news.example')).toBeNull();
    expect(refs.fromEnvelopeSender(address.replace('newsletter+', 'other+'))).toBeNull();
    const otherSecret = new MessageRefs({ ...config, APP_SECRET: 'y'.repeat(40) });
    expect(otherSecret.fromEnvelopeSender(address)).toBeNull();
  });

  it('reads an older unsigned X-Nashra-Ref as unsigned, and a signed one as signed', () => {
    expect(refs.fromRef('c12.s345')).toEqual({ ref: campaign, signed: false });
    expect(refs.fromRef(refs.signed(campaign))).toEqual({ ref: campaign, signed: true });
    expect(refs.fromRef('c12.s345.000000000000')).toBeNull();
    expect(refs.fromRef('campaign 12')).toBeNull();
  });

  it('uses BOUNCE_ADDRESS when it is set', () => {
    const own = new MessageRefs({ ...config, BOUNCE_ADDRESS: 'bounces@mail.news.example' });
    expect(own.bounceAddress).toBe('bounces@mail.news.example');
    expect(own.envelopeSender(own.signed(campaign))).toMatch(
      /^bounces\+b\.c12\.s345\.\w+@mail\.news\.example$/,
    );
  });
});
