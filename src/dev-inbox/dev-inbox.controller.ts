import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { html } from '../common/html.js';
import { wantsHtml } from '../common/client-info.js';
import { PageResponder } from '../pages/page-responder.js';
import { DevInboxService, type InboxMessage } from './dev-inbox.service.js';

const dateFormat = new Intl.DateTimeFormat('ar', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  numberingSystem: 'latn',
});

/** /dev/inbox: what the embedded SMTP server received. Mounted only outside production without SMTP_URL. */
@ApiExcludeController()
@Controller('dev/inbox')
export class DevInboxController {
  constructor(
    private readonly inbox: DevInboxService,
    private readonly pages: PageResponder,
  ) {}

  @Get()
  index(@Req() request: Request, @Res() response: Response): void {
    const messages = this.inbox.list();
    if (!wantsHtml(request)) {
      response.json(
        messages.map(({ html: _html, text: _text, headers: _headers, ...summary }) => summary),
      );
      return;
    }
    const rows = messages.map(
      (message) =>
        html`<li>
          <a href="/dev/inbox/${message.id}"><strong>${message.subject || '(بلا عنوان)'}</strong></a
          ><br /><span class="muted"
            ><bdi>${message.to.join(', ')}</bdi> — ${dateFormat.format(message.receivedAt)}</span
          >
        </li>`,
    );
    const body = html`<h1>صندوق التطوير</h1>
      <p class="muted">كل رسالة يرسلها نشرة في وضع التطوير تصل إلى هنا، الأحدث أولاً.</p>
      ${
        messages.length
          ? html`<ol reversed>
              ${rows}
            </ol>`
          : html`<p>لا رسائل بعد.</p>`
      }`;
    this.pages.send(response, 200, 'صندوق التطوير', body);
  }

  @Get(':id')
  show(@Param('id') id: string, @Req() request: Request, @Res() response: Response): void {
    const message = this.find(id);
    if (!wantsHtml(request)) {
      response.json(message);
      return;
    }
    const body = html`<h1>${message.subject}</h1>
      <p><a href="/dev/inbox">→ كل الرسائل</a></p>
      <iframe
        title="الرسالة"
        sandbox
        src="/dev/inbox/${message.id}/html"
        style="width:100%;height:70vh;border:1px solid #ccc;border-radius:8px;background:#fff"
      ></iframe>
      <h2>النص</h2>
      <pre dir="auto" style="white-space:pre-wrap">${message.text}</pre>
      <h2>الترويسات</h2>
      <pre dir="ltr" style="white-space:pre-wrap;font-size:13px">
${message.headers.map(([, line]) => line).join('\n')}</pre>`;
    this.pages.send(response, 200, message.subject, body);
  }

  /** The email's own HTML, served with a sandbox CSP so nothing in it runs with this origin. */
  @Get(':id/html')
  raw(@Param('id') id: string, @Res() response: Response): void {
    response
      .type('html')
      .set(
        'Content-Security-Policy',
        "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      )
      .send(this.find(id).html);
  }

  private find(id: string): InboxMessage {
    const message = this.inbox.get(id);
    if (!message) throw new NotFoundException('No such message in the dev inbox.');
    return message;
  }
}
