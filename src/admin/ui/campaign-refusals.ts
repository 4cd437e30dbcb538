/**
 * The services answer the API in English and name the field at fault; the editors' pages say it
 * in Arabic from that field and from the state they see, never by translating English sentences.
 */
import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { CampaignStatus } from '../../campaigns/entities/campaign.entity.js';
import { PermanentMailError } from '../../delivery/mailer.js';
import { temporaryReply } from '../../delivery/smtp-errors.js';
import { STATUS_LABELS } from './admin-page.js';
import { arabicMessage, formFailure } from './form-failure.js';

export const NO_ARTICLES = 'مقالات هذه الحملة لم تعد موجودة، فلا رسالة تُعايَن أو تُرسَل.';

export interface Refusal {
  status: number;
  message: string;
}

const DRAFT_FIELDS: Record<string, string> = {
  list: 'لم نجد القائمة المختارة. اختر إحدى القوائم المعروضة.',
  articleIds: 'بعض المقالات المختارة لم تعد موجودة. أعد تحميل الصفحة واختر من جديد.',
  sinceHours: 'لا مقالات منشورة في المدة المختارة.',
};

/** Why a new draft was refused: a 4xx the form shows again; anything else is rethrown. */
export function draftRefusal(error: unknown): Refusal {
  const failure = formFailure(error);
  const messages = Object.keys(failure.fields)
    .map((name) => DRAFT_FIELDS[name])
    .filter(Boolean);
  return {
    status: failure.status,
    message: messages.length ? messages.join(' ') : arabicMessage(failure),
  };
}

export type CampaignAction = 'send' | 'schedule' | 'pause' | 'resume' | 'cancel';

const ACTION_LABELS: Record<CampaignAction, string> = {
  send: 'إرسال',
  schedule: 'جدولة',
  pause: 'إيقاف',
  resume: 'استئناف',
  cancel: 'إلغاء',
};

/**
 * Why a control was refused: the campaign has moved on (another editor, or the send finished)
 * and the service answered 409. The page shows the campaign as it is now beside this message.
 */
export function controlRefusal(
  error: unknown,
  action: CampaignAction,
  current: CampaignStatus,
): Refusal {
  const failure = formFailure(error);
  return {
    status: failure.status,
    message:
      failure.status === 409
        ? `لا يمكن ${ACTION_LABELS[action]} حملة حالتها «${STATUS_LABELS[current]}».`
        : arabicMessage(failure),
  };
}

/**
 * Why a test copy did not go: its articles are gone (422), the mail server refused the address
 * for good (5xx reply: 422 too, the address is the editor's to change), or the server could not
 * be reached or asked us to wait (503, worth a retry). Anything else is ours and rethrown.
 */
export function testSendRefusal(error: unknown): Refusal {
  if (error instanceof UnprocessableEntityException) return { status: 422, message: NO_ARTICLES };
  if (error instanceof PermanentMailError) {
    return {
      status: 422,
      message: `رفض خادم البريد هذا العنوان (الرمز ${error.responseCode}). تحقّق منه أو جرّب عنواناً آخر.`,
    };
  }
  if (temporaryReply(error) || isConnectionFailure(error)) {
    return {
      status: 503,
      message: 'تعذّر الوصول إلى خادم البريد، فلم تُرسل النسخة التجريبية. حاول بعد قليل.',
    };
  }
  throw error;
}

/** The campaign does not exist: a 404 page in Arabic. */
export function noSuchCampaign(): NotFoundException {
  return new NotFoundException('لا حملة بهذا الرقم.');
}

/** The mail server could not be reached or dropped us: our SMTP client's and Node's socket codes. */
const UNREACHABLE = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}
