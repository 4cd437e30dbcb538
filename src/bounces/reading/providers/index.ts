/**
 * The providers' readers, in the order they are tried: the narrowest signs first (Google Groups
 * and Workspace before Gmail, WorkMail and receiving SES before sending SES).
 */
import type { BounceReader } from '../failed-recipient.js';
import { amazonSesReader } from './amazon-ses.js';
import { amazonWorkMailReader } from './amazon-workmail.js';
import { biglobeReader } from './biglobe.js';
import { ezwebReader } from './ezweb.js';
import { gmailReader } from './gmail.js';
import { gmxReader } from './gmx.js';
import { googleGroupsReader } from './google-groups.js';
import { googleWorkspaceReader } from './google-workspace.js';
import { kddiReader } from './kddi.js';
import { mailruReader } from './mailru.js';
import { office365Reader } from './office365.js';
import { outlookReader } from './outlook.js';
import { receivingSesReader } from './receiving-ses.js';
import { yahooReader } from './yahoo.js';
import { yandexReader } from './yandex.js';
import { zohoReader } from './zoho.js';

export const providerReaders: BounceReader[] = [
  googleGroupsReader,
  googleWorkspaceReader,
  gmailReader,
  yahooReader,
  office365Reader,
  outlookReader,
  amazonWorkMailReader,
  receivingSesReader,
  amazonSesReader,
  mailruReader,
  yandexReader,
  zohoReader,
  gmxReader,
  ezwebReader,
  kddiReader,
  biglobeReader,
];
