import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditInterceptor } from './accounts/audit.interceptor.js';
import { AuditLogService } from './accounts/audit-log.service.js';
import { EditorSessionGuard } from './accounts/editor-session.guard.js';
import { EditorSessionsService } from './accounts/editor-sessions.service.js';
import { EditorsService } from './accounts/editors.service.js';
import { AuditEntry } from './accounts/entities/audit-entry.entity.js';
import { EditorSession } from './accounts/entities/editor-session.entity.js';
import { Editor } from './accounts/entities/editor.entity.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { ApiTokensService } from './api-tokens.service.js';
import { ApiToken } from './entities/api-token.entity.js';

/**
 * Who may act: editors' accounts and sessions (the /admin pages), bearer tokens (the admin API),
 * and the audit log of what they did. Global, so every feature's controllers can use the guards.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken, Editor, EditorSession, AuditEntry])],
  providers: [
    ApiTokensService,
    AdminAuthGuard,
    EditorsService,
    EditorSessionsService,
    EditorSessionGuard,
    AuditLogService,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [
    ApiTokensService,
    AdminAuthGuard,
    EditorsService,
    EditorSessionsService,
    EditorSessionGuard,
    AuditLogService,
  ],
})
export class AdminAuthModule {}
