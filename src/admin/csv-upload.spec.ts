import { PassThrough, type Readable } from 'node:stream';
import type { Request } from 'express';
import { readSubscriberCsv } from './csv-import.js';
import { CsvUploadRefused, MAX_FILE_BYTES, receiveCsvUpload } from './csv-upload.js';

const BOUNDARY = 'nashra-test-boundary';

/** A multipart request as a browser sends a form: its parts in the order given. */
function multipart(parts: ({ field: string; value: string } | { file: string })[]) {
  const body = parts
    .map((part) =>
      'file' in part
        ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="readers.csv"\r\nContent-Type: text/csv\r\n\r\n${part.file}\r\n`
        : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`,
    )
    .join('');
  return request(`${body}--${BOUNDARY}--\r\n`);
}

function request(body: string, headers: Record<string, string> = {}): Request {
  const stream = new PassThrough();
  Object.assign(stream, {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
  });
  stream.end(body);
  return stream as unknown as Request;
}

async function text(file: Readable): Promise<string> {
  let out = '';
  for await (const chunk of file) out += String(chunk);
  return out;
}

describe('receiveCsvUpload', () => {
  it('hands over the fields sent before the file with the file, and not those after it', async () => {
    let seen: { fields: Record<string, string>; content: string } | undefined;
    await receiveCsvUpload(
      multipart([
        { field: 'list', value: 'daily' },
        { field: 'confirmed', value: 'on' },
        { file: 'email\nreader@example.com' },
        { field: 'late', value: 'x' },
      ]),
      async (file, fields) => {
        seen = { fields, content: await text(file) };
      },
    );
    expect(seen).toEqual({
      fields: { list: 'daily', confirmed: 'on' },
      content: 'email\nreader@example.com',
    });
  });

  it('refuses a form without a file, and a body announced larger than the limit', async () => {
    let consumed = 0;
    const consume = async () => {
      consumed += 1;
    };
    const noFile = receiveCsvUpload(multipart([{ field: 'list', value: 'daily' }]), consume);
    await expect(noFile).rejects.toMatchObject({ problem: 'no-file' });
    const huge = receiveCsvUpload(
      request('', { 'content-length': String(MAX_FILE_BYTES * 2) }),
      consume,
    );
    const refusal = await huge.catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CsvUploadRefused);
    expect(refusal).toMatchObject({ problem: 'too-large' });
    expect((refusal as CsvUploadRefused).getStatus()).toBe(413);
    expect(consumed).toBe(0);
  });

  it('refuses what is not multipart with the API’s 422', async () => {
    const plain = request('email\nx@example.com', { 'content-type': 'text/csv' });
    const refusal = await receiveCsvUpload(plain, async () => {}).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ problem: 'not-multipart' });
    expect((refusal as CsvUploadRefused).getStatus()).toBe(422);
  });

  it('stops reading a file that grows past the limit, as a 413, instead of waiting forever', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `reader-${i}@example.com`).join('\n');
    let batches = 0;
    const refusal = await receiveCsvUpload(
      multipart([{ file: `email\n${rows}` }]),
      async (file) => {
        for await (const batch of readSubscriberCsv(file)) batches += batch.people.length ? 1 : 0;
      },
      1_000,
    ).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ problem: 'too-large' });
    expect((refusal as CsvUploadRefused).getStatus()).toBe(413);
    expect(batches).toBe(0);
  });
});
