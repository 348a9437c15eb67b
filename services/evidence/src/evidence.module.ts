import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVIDENCE_STORE, EvidenceStore } from '@chuangwen/evidence-store';
import { EvidenceService } from './application/evidence.service';
import { DEFAULT_EVIDENCE_OPTIONS, EVIDENCE_OPTIONS, EvidenceOptions } from './application/options';
import { EvidenceController } from './http/evidence.controller';
import { EvidenceUploadInterceptor } from './http/upload.interceptor';

/**
 * Evidence: uploads to a content-addressed store (the adapter is the composition's: files in the
 * embedded default, GridFS in distributed mode), reads within scope, thumbnails, verification.
 * Needs EVENT_STORE, CLOCK and JURISDICTION_LOOKUP; EVIDENCE_LOOKUP (for records' references) is the
 * infrastructure's, as every command service needs it.
 */
@Module({})
export class EvidenceModule implements OnApplicationShutdown {
  constructor(@Inject(EVIDENCE_STORE) private readonly store: EvidenceStore) {}

  static forRoot(store: EvidenceStore, options: Partial<EvidenceOptions> = {}): DynamicModule {
    return {
      module: EvidenceModule,
      controllers: [EvidenceController],
      providers: [
        { provide: EVIDENCE_STORE, useValue: store },
        { provide: EVIDENCE_OPTIONS, useValue: { ...DEFAULT_EVIDENCE_OPTIONS, ...options } },
        EvidenceService,
        EvidenceUploadInterceptor,
      ],
      exports: [EvidenceService, EVIDENCE_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
