import { DynamicModule, Module } from '@nestjs/common';
import { EvidenceService } from './application/evidence.service';
import { DEFAULT_EVIDENCE_OPTIONS, EVIDENCE_OPTIONS, EvidenceOptions } from './application/options';
import { EvidenceController } from './http/evidence.controller';
import { EvidenceUploadInterceptor } from './http/upload.interceptor';

/**
 * Evidence: uploads to a content-addressed store, reads within scope, thumbnails, verification.
 * Needs EVENT_STORE, CLOCK, JURISDICTION_LOOKUP and EVIDENCE_STORE (the composition's adapter: files in
 * the embedded default, GridFS in distributed mode, with its health check) from the infrastructure.
 */
@Module({})
export class EvidenceModule {
  static forRoot(options: Partial<EvidenceOptions> = {}): DynamicModule {
    return {
      module: EvidenceModule,
      controllers: [EvidenceController],
      providers: [
        { provide: EVIDENCE_OPTIONS, useValue: { ...DEFAULT_EVIDENCE_OPTIONS, ...options } },
        EvidenceService,
        EvidenceUploadInterceptor,
      ],
      exports: [EvidenceService],
    };
  }
}
