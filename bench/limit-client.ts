import { connect } from 'node:net';
import { ReplyReader, type SmtpReply } from '../src/delivery/smtp/smtp-replies.js';

/**
 * The limit: one prebuilt message sent as fast as the sink takes it, with no database, no queue
 * and no MIME work, over `connections` SMTP connections. Each connection pipelines (RFC 2920):
 * the end of one message goes out together with the next MAIL, RCPT and DATA.
 */
export async function sendAtTheLimit(
  port: number,
  message: Buffer,
  total: number,
  connections: number,
): Promise<{ messages: number; seconds: number }> {
  const body = Buffer.concat([dotStuff(message), Buffer.from('.\r\n')]);
  const started = performance.now();
  const shares = Array.from(
    { length: connections },
    (_, index) => Math.floor(total / connections) + (index < total % connections ? 1 : 0),
  );
  await Promise.all(shares.map((share) => share > 0 && sendOver(port, body, share)));
  return { messages: total, seconds: (performance.now() - started) / 1000 };
}

const ENVELOPE =
  'MAIL FROM:<newsletter@bench.example>\r\nRCPT TO:<reader@bench.example>\r\nDATA\r\n';

async function sendOver(port: number, body: Buffer, count: number): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const replies = new ReplyReader(socket);
  const expect = async (code: number) => {
    const reply: SmtpReply = await replies.next();
    if (reply.code !== code)
      throw new Error(`the sink answered ${reply.code} ${reply.text}, expected ${code}`);
  };
  await expect(220);
  socket.write('EHLO bench.example\r\n');
  await expect(250);
  socket.write(ENVELOPE);
  for (let sent = 0; sent < count; sent++) {
    await expect(250);
    await expect(250);
    await expect(354);
    socket.write(sent + 1 < count ? Buffer.concat([body, Buffer.from(ENVELOPE)]) : body);
    await expect(250);
  }
  socket.end('QUIT\r\n');
}

/** SMTP transparency (RFC 5321 §4.5.2): a line starting with "." gets another. */
function dotStuff(message: Buffer): Buffer {
  let text = message.toString('latin1').replace(/\r\n\./g, '\r\n..');
  if (text.startsWith('.')) text = `.${text}`;
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(text, 'latin1');
}
