interface SignerCost {
  cpuUs: number;
}

interface Results {
  subscribers: number;
  database: string;
  workers: number;
  workerNodeArgs: string;
  connections: number;
  messageBytes: number;
  sink: string;
  nashra: {
    msgsPerSec: number;
    fanoutSeconds: number;
    workerPeakRssMb: number;
    apiPeakRssMb: number;
    redisPeakMb: number;
    workerCpuMsPerMessage: number;
    pgActiveMsPerBatch: number;
    pgCpuMsPerMessage: number;
    redisCpuMsPerMessage: number;
  };
  dkim: {
    keys: string;
    msgsPerSec: number;
    ofUnsigned: number;
    workerPeakRssMb: number;
    workerCpuMsPerMessage: number;
    workerCpuMsAdded: number;
    signerUs: {
      messageBytes: number;
      rsa: SignerCost;
      rsaEd25519: SignerCost;
      mailauthRsaEd25519: SignerCost;
    }[];
  } | null;
  limit: { msgsPerSec: number };
  naive: { msgsPerSec: number };
  ratios: { ofLimit: number; overNaive: number };
}

/** The run as one table: figure, Nashra, the limit, naive, and the ratios; then DKIM's cost. */
export function printTable(results: Results): void {
  const n = (value: number) => value.toLocaleString('en-US');
  const rows = [
    ['figure', 'Nashra', 'limit', 'naive', 'ratio'],
    [
      'messages/second',
      n(results.nashra.msgsPerSec),
      n(results.limit.msgsPerSec),
      n(results.naive.msgsPerSec),
      `${Math.round(results.ratios.ofLimit * 100)} % of limit, ${results.ratios.overNaive}× naive`,
    ],
    ['fan-out into jobs', `${results.nashra.fanoutSeconds} s`, '', '', ''],
    ['worker peak RSS (max)', `${results.nashra.workerPeakRssMb} MB`, '', '', ''],
    ['API peak RSS', `${results.nashra.apiPeakRssMb} MB`, '', '', ''],
    ['Redis memory at peak', `${results.nashra.redisPeakMb} MB`, '', '', ''],
    ['worker CPU per message', `${results.nashra.workerCpuMsPerMessage} ms`, '', '', ''],
    ['PostgreSQL CPU per message', `${results.nashra.pgCpuMsPerMessage} ms`, '', '', ''],
    ['PostgreSQL time per batch', `${results.nashra.pgActiveMsPerBatch} ms`, '', '', ''],
    ['Redis CPU per message', `${results.nashra.redisCpuMsPerMessage} ms`, '', '', ''],
  ];
  const dkim = results.dkim;
  if (dkim) {
    rows.push(
      [
        `messages/second, DKIM ${dkim.keys}`,
        n(dkim.msgsPerSec),
        '',
        '',
        `${Math.round(dkim.ofUnsigned * 100)} % of unsigned`,
      ],
      [
        'worker CPU per message, DKIM',
        `${dkim.workerCpuMsPerMessage} ms`,
        '',
        '',
        `${dkim.workerCpuMsAdded >= 0 ? '+' : ''}${dkim.workerCpuMsAdded} ms a message`,
      ],
      ['worker peak RSS, DKIM', `${dkim.workerPeakRssMb} MB`, '', '', ''],
    );
    for (const cost of dkim.signerUs) {
      const size = `${(cost.messageBytes / 1024).toFixed(1)} KB`;
      rows.push(
        [`signer CPU, rsa, ${size}`, `${n(cost.rsa.cpuUs)} µs`, '', '', ''],
        [
          `signer CPU, rsa + ed25519, ${size}`,
          `${n(cost.rsaEd25519.cpuUs)} µs`,
          '',
          '',
          `mailauth dkimSign: ${n(cost.mailauthRsaEd25519.cpuUs)} µs`,
        ],
      );
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.warn(
    `\n${n(results.subscribers)} subscribers, ${results.database}, ${results.workers} worker ${results.workers === 1 ? 'process' : 'processes'} (node ${results.workerNodeArgs || 'without options'}), ${results.connections} SMTP connections, ${(results.messageBytes / 1024).toFixed(1)} KB messages, sink: ${results.sink}\n`,
  );
  console.warn(line(rows[0]));
  console.warn(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows.slice(1)) console.warn(line(row));
}
