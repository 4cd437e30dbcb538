import { ConflictException, NotFoundException } from '@nestjs/common';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, type SafeHtml } from '../../common/html.js';
import { SelfChangeRefused } from '../../auth/editors.service.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { arabicMessage, formFailure } from './form-failure.js';
import { addressProblem } from './subscriber-messages.js';

export interface AccountRefusal {
  status: number;
  message: SafeHtml;
}

/** Refusals the account pages make themselves, before asking a service. */
export const PASSWORDS_DIFFER: AccountRefusal = {
  status: 422,
  message: html`كلمتا المرور الجديدتان غير متطابقتين.`,
};
export const TOKEN_NAME_MISSING: AccountRefusal = {
  status: 422,
  message: html`سمِّ الرمز (مثلاً: نظام إدارة المحتوى).`,
};

/** What a 404 means on each form. */
export const NO_SUCH_EDITOR = 'لم نجد هذا الحساب؛ أعد تحميل الصفحة.';
export const NO_SUCH_TOKEN = 'لم نجد هذا الرمز بين رموزك، أو أنه أُبطل من قبل.';

/**
 * Why an account form was refused, in Arabic, from the fields the service named (the API keeps
 * its English words) and from what was being done. `missing` says what a 404 means here.
 */
export function accountRefusal(error: unknown, missing: string): AccountRefusal {
  if (error instanceof NotFoundException) return { status: 404, message: html`${missing}` };
  if (error instanceof SelfChangeRefused) {
    return {
      status: 422,
      message: html`لا يمكنك تعطيل حسابك أو تغيير دورك بنفسك؛ اطلب ذلك من مدير آخر.`,
    };
  }
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
