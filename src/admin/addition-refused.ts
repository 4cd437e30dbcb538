import { ConflictException } from '@nestjs/common';

const MESSAGES = {
  suppressed: 'This address is on the suppression list and cannot be added.',
  exists: 'A subscriber with this email exists already.',
} as const;

/**
 * An editor's addition refused: a 409 with the API's English message, and a code the subscribers
 * page words in Arabic.
 */
export class AdditionRefused extends ConflictException {
  constructor(readonly code: keyof typeof MESSAGES) {
    super(MESSAGES[code]);
  }
}
