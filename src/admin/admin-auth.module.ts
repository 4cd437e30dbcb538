import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { ApiTokensService } from './api-tokens.service.js';
import { ApiToken } from './entities/api-token.entity.js';

/** Global, so every feature's admin controller can use AdminAuthGuard. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken])],
  providers: [ApiTokensService, AdminAuthGuard],
  exports: [ApiTokensService, AdminAuthGuard],
})
export class AdminAuthModule {}
