/**
 * The services answer the API in English and name the field at fault with a code
 * (CampaignRefused); the editors' pages say it in Arabic from that code and from the state they
 * see, never by translating English sentences.
 */
import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { type CampaignProblem, CampaignRefused } from '../../campaigns/campaign-input.js';
import { CampaignRenderError } from '../../campaigns/campaign-renderer.service.js';
import type { Campaign, CampaignStatus } from '../../campaigns/entities/campaign.entity.js';
import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { PermanentMailError } from '../../delivery/mailer.js';
import { temporaryReply } from '../../delivery/smtp-errors.js';
import { STATUS_LABELS } from './status-labels.js';
import { arabicMessage, formFailure } from './form-failure.js';

export const NO_ARTICLES = 'مقالات هذه الحملة لم تعد موجودة، فلا رسالة تُعايَن أو تُرسَل.';

/** Why there is no message to preview or send, from the renderer's code; null for other errors. */
export function renderProblemInArabic(error: unknown): string | null {
  if (!(error instanceof CampaignRenderError)) return null;
  switch (error.code) {
    case 'articles-gone':
      return NO_ARTICLES;
    case 'list-gone':
      return 'قائمة هذه الحملة حُذفت، فلا رسالة تُعايَن أو تُرسَل.';
    case 'render':
      return 'تعذّر تجهيز رسالة هذه الحملة من قالبها ومقالاتها، فلا رسالة تُعايَن أو تُرسَل.';
  }
}

export interface Refusal {
  status: number;
  message: string;
}

/** Why a new draft was refused: a 4xx the form shows again; anything else is rethrown. */
export function draftRefusal(error: unknown): Refusal {
  if (error instanceof CampaignRefused) {
    return { status: 422, message: draftProblemInArabic(error.problem) };
  }
  const failure = formFailure(error);
  return { status: failure.status, message: arabicMessage(failure) };
}

/** The service's reason, in the words an editor reads on the compose page. */
export function draftProblemInArabic(problem: CampaignProblem): string {
  switch (problem.code) {
    case 'missing':
      return 'اكتب عنوان الرسالة.';
    case 'too-long':
      return problem.field === 'subjects'
        ? `أحد العناوين أطول من ${problem.max} حرف.`
        : `العنوان أطول من ${problem.max} حرف.`;
    case 'subject-and-subjects':
      return 'اكتب عنواناً واحداً، أو عناوين الاختبار وحدها، لا الأمرين معاً.';
    case 'subject-count':
      return `يقارن اختبار العنوان بين ${arabicNumber(problem.min)} و${arabicNumber(problem.max)} عناوين.`;
    case 'repeated-subject':
      return 'تكرّر عنوان في الاختبار: اجعل كل عنوان مختلفاً عن غيره.';
    case 'test-without-subjects':
      return 'اكتب عنوانين على الأقل ليكون هناك ما يُختبر.';
    case 'share-too-large':
      return `نصيب كل عنوان عدد صحيح من ${arabicNumber(1)}٪ فأكثر، ولا تتجاوز الأنصبة معاً ${arabicNumber(problem.max)}٪ من القائمة، فيبقى لسائرها العنوان الفائز.`;
    case 'wait-out-of-range':
      return `مدة الانتظار قبل اختيار العنوان أكثر من صفر وحتى ${arabicCount(problem.max / 60, NOUNS.hour)}.`;
    case 'clicks-not-tracked':
      return 'لا يُختار العنوان بنقرات القرّاء إلا إذا عُدّت نقرات كل قارئ على حدة، وهذا غير مفعّل هنا. اختر أن يحدّد المحرّر الفائز.';
    case 'none-chosen':
      return 'اختر مقالة واحدة على الأقل.';
    case 'too-many':
      // The limit in words: CAMPAIGN_LIMITS.articles.max is 50.
      return 'خمسون مقالة على الأكثر في الرسالة الواحدة.';
    case 'both-given':
      return 'اختر المقالات بنفسك أو خذ أحدث المقالات، لا الأمرين معاً.';
    case 'unknown-articles':
      return 'بعض المقالات المختارة لم تعد موجودة. أعد تحميل الصفحة واختر من جديد.';
    case 'no-recent-articles':
      return 'لا مقالات منشورة في المدة المختارة.';
    case 'out-of-range':
      return problem.field === 'sinceHours'
        ? `المدة عدد ساعات أكبر من صفر وحتى ${arabicNumber(problem.max)}.`
        : `عدد المقالات عدد صحيح من ${arabicNumber(problem.min)} إلى ${arabicNumber(problem.max)}.`;
    case 'unknown-list':
      return 'لم نجد القائمة المختارة. اختر إحدى القوائم المعروضة.';
  }
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
 * Why a subject could not be chosen: the index is none of its subjects (422, a forged form), or
 * there is nothing to choose now (409: chosen already, perhaps by another editor or by the
 * clicks; not started; stopped), said from the campaign as it is now.
 */
export function winnerRefusal(error: unknown, current: Campaign): Refusal {
  const failure = formFailure(error);
  if (failure.status === 422) {
    return { status: 422, message: 'اختر أحد عناوين الاختبار المعروضة في الجدول.' };
  }
  if (failure.status !== 409) return { status: failure.status, message: arabicMessage(failure) };
  let message: string;
  if (!current.subjectTest) message = 'لهذه الحملة عنوان واحد، فلا اختبار يُختار فيه.';
  else if (current.winner !== null) {
    message = `اختير العنوان الفائز من قبل: «${current.subject}»، ولا يُغيَّر بعد اختياره.`;
  } else if (current.status === 'draft' || current.status === 'scheduled') {
    message = 'لم يبدأ الاختبار بعد: يُختار العنوان بعد بدء الإرسال.';
  } else {
    message = `لا يُختار عنوان لحملة حالتها «${STATUS_LABELS[current.status]}».`;
  }
  return { status: 409, message };
}

/**
 * Why a test copy did not go: its digest cannot be made (its articles are gone, say: 422), the mail server refused the address
 * for good (5xx reply: 422 too, the address is the editor's to change), or the server could not
 * be reached or asked us to wait (503, worth a retry). Anything else is ours and rethrown.
 */
export function testSendRefusal(error: unknown): Refusal {
  const unrenderable = renderProblemInArabic(error);
  if (unrenderable) return { status: 422, message: unrenderable };
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
