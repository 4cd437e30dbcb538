/**
 * The readers of MTA software's free-text bounces, in the order to try them: the ones that
 * recognise their reports by a precise mark first, then the looser ones (Exim's layout is shared
 * by MXLogic; qmail's list by X2; the Postfix reader only steps in without a delivery-status part).
 */
import type { BounceReader } from '../failed-recipient.js';
import { activehunterReader } from './activehunter.js';
import { apacheJamesReader } from './apache-james.js';
import { dragonflyReader } from './dragonfly.js';
import { exchange2003Reader } from './exchange-2003.js';
import { eximReader } from './exim.js';
import { imailReader } from './imail.js';
import { mailfoundryReader } from './mailfoundry.js';
import { mcafeeReader } from './mcafee.js';
import { mfilterReader } from './mfilter.js';
import { mxlogicReader } from './mxlogic.js';
import { notesReader } from './notes.js';
import { opensmtpdReader } from './opensmtpd.js';
import { postfixReader } from './postfix.js';
import { qmailReader } from './qmail.js';
import { trendmicroReader } from './trendmicro.js';
import { v5sendmailReader } from './v5sendmail.js';
import { verizonReader } from './verizon.js';
import { x1Reader } from './x1.js';
import { x2Reader } from './x2.js';
import { x6Reader } from './x6.js';

export const softwareReaders: BounceReader[] = [
  dragonflyReader,
  opensmtpdReader,
  mfilterReader,
  trendmicroReader,
  activehunterReader,
  mcafeeReader,
  mailfoundryReader,
  verizonReader,
  apacheJamesReader,
  exchange2003Reader,
  imailReader,
  notesReader,
  x6Reader,
  x1Reader,
  mxlogicReader,
  qmailReader,
  x2Reader,
  v5sendmailReader,
  eximReader,
  postfixReader,
];
