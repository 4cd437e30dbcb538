import { ConflictException, NotFoundException } from '@nestjs/common';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, type SafeHtml } from '../../common/html.js';
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords.js';
import { arabicMessage, formFailure } from './form-failure.js';
import { addressProblem } from './subscriber-messages.js';

export interface AccountRefusal {
  status: number;
  message: SafeHtml;
}

/**
 * Why an account form was refused, in Arabic, from the fields the service named (the API keeps
 * its English words) and from what was being done. `missing` says what a 404 means here.
 */
export function accountRefusal(error: unknown, missing: string): AccountRefusal {
  if (error instanceof NotFoundException) return { status: 404, message: html`${missing}` };
  if (error instanceof ConflictException) {
    return { status: 409, message: html`يوجد حساب بهذا البريد من قبل.` };
  }
  const failure = formFailure(error);
  const { email, password } = failure.fields;
  if (password !== undefined) {
    return {
      status: failure.status,
      message: html`كلمة المرور قصيرة: ${arabicCount(MIN_PASSWORD_LENGTH, NOUNS.character)} على الأقل.`,
    };
  }
  if (email !== undefined) {
    return {
      status: failure.status,
      message: html`عنوان البريد غير صالح: ${addressProblem(email)}.`,
    };
  }
  return { status: failure.status, message: html`${arabicMessage(failure)}` };
}
