import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditLogService } from './audit-log.service.js';
import { EditorSessionGuard } from './editor-session.guard.js';
import { EditorSessionsService } from './editor-sessions.service.js';
import { EditorsService } from './editors.service.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { EditorSessionsRepository } from './editor-sessions.repository.js';
import { EditorsRepository } from './editors.repository.js';
import { LoginService } from './login.service.js';

/**
 * Who may act: editors' accounts and sessions (the /admin pages), bearer tokens (the admin API),
 * and the audit log of what they did. Global, so every feature's controllers can use the guards.
 */
@Global()
@Module({
  providers: [
    ApiTokensRepository,
    EditorsRepository,
    EditorSessionsRepository,
    AuditLogRepository,
    ApiTokensService,
    AdminAuthGuard,
    EditorsService,
    EditorSessionsService,
    EditorSessionGuard,
    AuditLogService,
    LoginService,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [
    ApiTokensService,
    AdminAuthGuard,
    EditorsService,
    EditorSessionsService,
    EditorSessionGuard,
    AuditLogService,
    LoginService,
  ],
})
export class AuthModule {}
