import { normalizeEmail } from '../../common/email-address.js';
import { AdditionRefused } from '../addition-refused.js';
import { NAME_TOO_LONG } from '../csv-import.js';
import { addFailure, addFormProblem, addressProblem } from './subscriber-messages.js';

/** Latin letters outside <bdi dir="ltr">…</bdi>: English that would reach the page. */
const latinOutsideLtr = (markup: string) =>
  /[A-Za-z]/.test(markup.replace(/<bdi dir="ltr">.*?<\/bdi>/g, ''));

describe('the Arabic reason for a refused address or row', () => {
  // One input for each way normalizeEmail refuses an address.
  const refused = [
    42,
    '',
    `${'a'.repeat(321)}@example.com`,
    'first last@example.com',
    'no-at-sign',
    'a"b@example.com',
    `${'a'.repeat(65)}@example.com`,
    'reader@gmаil.com', // a Cyrillic «а»
    'reader@exa_mple.com',
    'reader@example.123',
    `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.com`,
  ];

  it.each(refused.map((input) => [input]))('words the refusal of %p in Arabic', (input) => {
    const checked = normalizeEmail(input);
    if (checked.ok) throw new Error(`${String(input)} was accepted`);
    const said = addressProblem(checked.reason).value;
    expect(said).not.toBe(addressProblem('a reason nobody wrote').value);
    expect(latinOutsideLtr(said)).toBe(false);
  });

  it('covers every reason the address check gives, and the name rule', () => {
    const reasons = new Set(
      refused.map((input) => normalizeEmail(input)).flatMap((c) => (c.ok ? [] : [c.reason])),
    );
    expect(reasons.size).toBe(refused.length - 1); // two inputs share «not a valid domain name»
    expect(addressProblem(NAME_TOO_LONG).value).toContain('الاسم أطول من');
  });

  it('quotes the expected shape of an address left to right', () => {
    expect(addressProblem('email must look like name@example.com').value).toBe(
      'العنوان ليس على صورة <bdi dir="ltr">name@example.com</bdi>',
    );
  });
});

describe('the Arabic reason for a refused addition', () => {
  it('tells a suppressed address from one already there, while the API keeps its English', () => {
    const suppressed = new AdditionRefused('suppressed');
    const exists = new AdditionRefused('exists');
    expect(suppressed.getStatus()).toBe(409);
    expect(suppressed.message).toBe('This address is on the suppression list and cannot be added.');
    expect(exists.message).toBe('A subscriber with this email exists already.');
    expect(addFailure(suppressed)).toMatchObject({ status: 409 });
    expect(addFailure(suppressed).message.value).toContain('قائمة الحظر');
    expect(addFailure(exists).message.value).toContain('مسجّل من قبل');
  });

  it('words the form refused before the service is asked', () => {
    expect(addFormProblem('email is required').value).toBe('عنوان البريد غير صالح: العنوان فارغ.');
    expect(addFormProblem(null).value).toBe('اختر قائمة.');
  });
});
