// Proves that lint refuses imports across the module boundaries of docs/architecture.md.
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(__dirname, '..');
const eslint = new ESLint({ cwd: root });

const lint = async (file: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('module boundaries', () => {
  it.each([
    ['domain/src/work-orders/x.ts', "import { createApp } from '../../../backend/src/app.factory';"],
    ['domain/src/work-orders/x.ts', "import { abilityFor } from '@kuaige/tenancy';"],
    ['domain/src/work-orders/x.ts', "import { readFileSync } from 'node:fs';"],
    ['domain/src/work-orders/x.ts', "import { Injectable } from '@nestjs/common';"],
    ['tenancy/src/x.ts', "import { WorkOrder } from '@kuaige/domain';"],
    ['projections/src/x.ts', "import { createApp } from '../../backend/src/app.factory';"],
    ['backend/src/x.ts', "import { AppComponent } from '../../frontend/src/app/app.component';"],
    ['backend/src/x.ts', "import { decide } from '../../domain/src/index';"],
    ['frontend/src/app/x.ts', "import { WorkOrder } from '@kuaige/domain';"],
    ['frontend/src/app/x.ts', "import { loadConfig } from '../../../backend/src/config/config';"],
    ['domain/src/work-orders/x.ts', "import { deciderSpec } from '@kuaige/testkit';"],
    ['projections/src/x.ts', "import { projectionSpec } from '@kuaige/testkit/projections';"],
    ['backend/src/x.ts', "import { eventLog } from '@kuaige/testkit';"],
    ['backend/src/identity/x.ts', "import { startIdentityApp } from './testing/identity-app';"],
    ['backend/src/x.ts', "import { apiSpec } from './testing/api-specification';"],
    ['testkit/src/x.ts', "import { createApp } from '../../backend/src/app.factory';"],
    ['testkit/src/x.ts', "import { abilityFor } from '@kuaige/tenancy';"],
    ['tenancy/src/x.ts', "import { eventLog } from '@kuaige/testkit';"],
    ['domain/src/work-orders/x.ts', "import type { EventStore } from '@kuaige/eventsourcing';"],
    ['tenancy/src/x.ts', "import type { RecordedEvent } from '@kuaige/eventsourcing';"],
    ['eventsourcing/src/x.ts', "import { projection } from '@kuaige/projections';"],
    ['eventsourcing/src/x.ts', "import { abilityFor } from '@kuaige/tenancy';"],
    ['eventsourcing/src/x.ts', "import { createApp } from '../../backend/src/app.factory';"],
    ['eventsourcing/src/x.ts', "import { EventStoreDBClient } from '@eventstore/db-client';"],
    ['backend/src/x.ts', "import { Upcasters } from '../../eventsourcing/src/upcasting';"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await lint(file, `${code}\nexport const used = 1;\n`)).toHaveLength(1);
  });

  it.each([
    ['backend/src/x.ts', "import { something } from '@kuaige/domain';"],
    ['backend/src/x.ts', "import { something } from '@kuaige/projections';"],
    ['projections/src/x.ts', "import { something } from '@kuaige/tenancy';"],
    ['tenancy/src/x.ts', "import { createMongoAbility } from '@casl/ability';"],
    ['domain/src/work-orders/x.ts', "import { something } from '../shared/events';"],
    ['domain/src/work-orders/x.spec.ts', "import { something } from '@kuaige/testkit';"],
    ['projections/src/x.spec.ts', "import { something } from '@kuaige/testkit/projections';"],
    ['backend/src/identity/x.http.spec.ts', "import { something } from '../testing/api-specification';"],
    ['backend/src/testing/api-specification.ts', "import { something } from '../identity/testing/identity-app';"],
    ['testkit/src/x.ts', "import { something } from '@kuaige/projections';"],
    ['backend/src/x.ts', "import { something } from '@kuaige/eventsourcing';"],
    ['projections/src/x.ts', "import { something } from '@kuaige/eventsourcing';"],
    ['testkit/src/x.ts', "import { something } from '@kuaige/eventsourcing';"],
    ['eventsourcing/src/x.ts', "import { something } from '@kuaige/domain';"],
    ['eventsourcing/src/x.ts', "import { something } from 'node:crypto';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await lint(file, `${code}\nexport const used = something;\n`.replace('something;', 'null;'))).toEqual([]);
  });
});
