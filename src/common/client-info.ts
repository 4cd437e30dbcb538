import type { Request } from 'express';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export function clientInfo(request: Request): ClientInfo {
  return {
    ip: (request.ip ?? '').slice(0, 64),
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 512),
  };
}

/** Browsers ask for HTML; scripts, curl and fetch() get JSON. */
export function wantsHtml(request: Request): boolean {
  return request.accepts(['json', 'html']) === 'html';
}
