import type { ReportOutcome } from '../bounces.service.js';
import { BOUNCE_LIMITS, BounceMessageRefused } from '../reading/bounce-message.js';
import { batchOf, describeFailure, disposalOf, refusedBySize } from './message-outcome.js';

const outcome = (kind: ReportOutcome['kind']): ReportOutcome => ({
  kind,
  readBy: 'test',
  processed: [],
});

describe('what becomes of a message in the bounce mailbox', () => {
  it('moves every message that was read, whatever it turned out to be', () => {
    for (const kind of ['bounce', 'feedback', 'auto-reply', 'none'] as const) {
      expect(disposalOf({ outcome: outcome(kind) })).toEqual({ action: 'move', kind });
    }
  });

  it('moves a request to leave sent to the signed mailto address, as it moves reports', () => {
    expect(disposalOf({ outcome: { kind: 'unsubscribe' } })).toEqual({
      action: 'move',
      kind: 'unsubscribe',
    });
  });

  it('keeps a message the reader refused, saying which bound', () => {
    expect(disposalOf({ error: new BounceMessageRefused('too-deep', 'nested') })).toEqual({
      action: 'keep',
      why: 'too-deep',
    });
  });

  it('leaves a message whose processing failed for a passing reason to the next pass', () => {
    expect(disposalOf({ error: new Error('SQLITE_BUSY\nstack') })).toBeNull();
  });

  it('refuses a message over the size bound before downloading it', () => {
    expect(refusedBySize(BOUNCE_LIMITS.maxBytes + 1)).toEqual({ action: 'keep', why: 'too-large' });
    expect(refusedBySize(BOUNCE_LIMITS.maxBytes)).toBeNull();
    expect(refusedBySize(undefined)).toBeNull();
  });

  it('takes the oldest UIDs first, each once, up to the batch size', () => {
    expect(batchOf([9, 3, 7, 3, 1, 12], 3)).toEqual([1, 3, 7]);
    expect(batchOf([], 50)).toEqual([]);
  });

  it('describes a server failure in one line, with the password blanked out', () => {
    const error = Object.assign(new Error('Command failed'), {
      responseText: 'LOGIN hunter22 refused\r\nfor bounces',
      code: 'AUTHENTICATIONFAILED',
    });
    const line = describeFailure(error, ['hunter22']);
    expect(line).toBe('Command failed LOGIN *** refused for bounces (AUTHENTICATIONFAILED)');
    expect(describeFailure('x'.repeat(400) + 'hunter22', ['hunter22'])).not.toMatch(/hunt/);
  });
});
