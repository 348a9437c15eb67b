import { Module, OnModuleInit } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { DomainError } from '@chuangwen/contracts';
import type { Projection } from '@chuangwen/projections';
import { ScoringQueries } from '@chuangwen/scoring';
import { AwardsQueries } from './application/awards.queries';
import { ExecuteAwardsCommand, ExecuteAwardsCommandHandler } from './application/execute-awards-command';
import { nominationListProjection } from './application/nomination-list.projection';
import { titleCoverageProjection } from './application/title-coverage.projection';
import { titleRemovalProcess } from './application/title-removal.process';
import { AwardsController } from './http/awards.controller';

const READ_MODELS: readonly Projection[] = [nominationListProjection, titleCoverageProjection];

/** The system actor of the removal process: it acts for the country, on behalf of the veto. */
const REMOVAL_ACTOR = { id: 'awards.title-removal', roles: ['system'], jurisdiction: '000000' };

/**
 * The awards context: programs, the nomination procedure, the title registry, coverage, and the
 * process that removes titles after a confirmed veto. Reads scores through ScoringQueries (needs
 * the scoring projections in the same process). Needs EVENT_STORE, READ_STORE, CLOCK,
 * READ_YOUR_WRITES and JURISDICTION_LOOKUP.
 */
@Module({
  imports: [CqrsModule],
  controllers: [AwardsController],
  providers: [ExecuteAwardsCommandHandler, AwardsQueries, ScoringQueries],
})
export class AwardsModule implements OnModuleInit {
  /** What AwardsQueries reads (nominations and titles, coverage): a reader elsewhere (reports) keeps these. */
  static readonly readModels: readonly Projection[] = READ_MODELS;

  /** The read models and the removal process, which acts (RemoveTitle): only where this module runs. */
  static readonly projections: readonly Projection[] = [...READ_MODELS, titleRemovalProcess.projection];

  constructor(private readonly commands: CommandBus) {}

  onModuleInit(): void {
    titleRemovalProcess.bind(async (removals) => {
      for (const r of removals) {
        const command = {
          type: 'RemoveTitle' as const,
          data: {
            nominationId: r.titleId,
            reason: 'veto_incident' as const,
            detail: `一票否决: ${r.kind}`,
            incidentId: r.incidentId,
          },
        };
        try {
          await this.commands.execute(
            new ExecuteAwardsCommand(command, REMOVAL_ACTOR, r.causationId, {
              wait: false,
              causationId: r.causationId,
            }),
          );
        } catch (error) {
          // Removed meanwhile for another reason: nothing left to do. Anything else is retried.
          if (!(error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'not_found'))) throw error;
        }
      }
    });
  }
}
