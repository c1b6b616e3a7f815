import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { CONTEXT_KEYS } from '../../infra/config.ts';
import {
  eventRules,
  type FunctionDefinition,
  type FunctionName,
  functionDefinitions,
  httpRoutes,
  schedules,
} from '../../infra/routing.ts';
import type { InnovationZonesStack } from '../../infra/stack.ts';
import { DeadlineReminderDue } from '../../shared/events/deadline-reminder-due.ts';
import { InvitationsDue } from '../../shared/events/invitations-due.ts';
import { InviteesImported } from '../../shared/events/invitees-imported.ts';
import { PlanningMeetingReminderDue } from '../../shared/events/planning-meeting-reminder-due.ts';
import { SessionChanged } from '../../shared/events/session-changed.ts';
import { SessionMaterialsPosted } from '../../shared/events/session-materials-posted.ts';
import { SessionReminderDue } from '../../shared/events/session-reminder-due.ts';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { tableDesign } from '../../shared/platform/dynamodb/table-design.ts';

/** A resource of the synthesized template, loosely typed: the tests check the shapes. */
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

const ALARM_EMAIL = 'operations@innovation-zones.example.org';
const LOG_RETENTION_DAYS = 30;
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let stack: InnovationZonesStack;
let template: Template;
const outdir = mkdtempSync(path.join(tmpdir(), 'srsn-stack-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  // Bundling and the built-in template validation do not change the resources; skipping them
  // keeps this synthesis to about a second. nag.test.ts synthesizes with validation on.
  const built = buildApp({
    outdir,
    nag: false,
    cloudFormationValidation: false,
    context: {
      ...NO_BUNDLING,
      [CONTEXT_KEYS.alarmEmail]: ALARM_EMAIL,
      [CONTEXT_KEYS.logRetentionDays]: LOG_RETENTION_DAYS,
    },
  });
  stack = built.stack;
  template = Template.fromStack(stack);
});

const definitions = Object.entries(functionDefinitions) as [FunctionName, FunctionDefinition][];

function resources(type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

function logicalIdOf(construct: IConstruct): string {
  const element = construct.node.defaultChild ?? construct;
  return stack.getLogicalId(element as CfnElement);
}

const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

function functionLogicalId(name: FunctionName): string {
  return logicalIdOf(stack.functions[name].function);
}

/** Every IAM statement attached to the execution role of a function. */
function statementsOfFunction(name: FunctionName): Record<string, any>[] {
  const roleId = logicalIdOf(stack.functions[name].role);
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([ref(roleId)]))
    .flatMap((policy) => policy.Properties?.PolicyDocument.Statement as Record<string, any>[]);
}

function actionsOf(statements: Record<string, any>[]): string[] {
  return statements.flatMap((statement) => [statement.Action].flat() as string[]);
}

describe('event delivery', () => {
  it('gives every event rule target a dead-letter queue and a retry policy', () => {
    const rules = Object.entries(resources('AWS::Events::Rule'));
    // The routing rules plus the rule forwarding SES events: the loop below is never vacuous.
    expect(rules).toHaveLength(eventRules.length + 1);
    const queueIds = Object.keys(resources('AWS::SQS::Queue'));
    for (const [ruleId, rule] of rules) {
      const ruleTargets = rule.Properties?.Targets as Record<string, any>[];
      expect(ruleTargets.length, ruleId).toBeGreaterThan(0);
      for (const target of ruleTargets) {
        const dlqArn = target.DeadLetterConfig?.Arn as { 'Fn::GetAtt': [string, string] } | undefined;
        expect(dlqArn, `${ruleId} ${target.Id} DeadLetterConfig`).toBeDefined();
        expect(queueIds, `${ruleId} dead-letter queue is a queue of this stack`).toContain(dlqArn?.['Fn::GetAtt'][0]);
        expect(target.RetryPolicy, `${ruleId} ${target.Id} RetryPolicy`).toEqual({
          MaximumRetryAttempts: expect.any(Number),
          MaximumEventAgeInSeconds: expect.any(Number),
        });
      }
    }
  });

  it('builds one rule per routing event rule on the app bus, with its pattern, retry limits and target', () => {
    const busId = logicalIdOf(stack.eventBus);
    const rules = Object.values(resources('AWS::Events::Rule')).filter(
      (rule) => JSON.stringify(rule.Properties?.EventBusName) === JSON.stringify(ref(busId)),
    );
    expect(rules).toHaveLength(eventRules.length);
    for (const definition of eventRules) {
      const matching = rules.filter((rule) => rule.Properties?.Description === definition.description);
      expect(matching, definition.id).toHaveLength(1);
      const properties = matching[0]?.Properties ?? {};
      expect(properties.EventPattern).toEqual(JSON.parse(JSON.stringify(definition.pattern)));
      expect(properties.Targets).toEqual([
        expect.objectContaining({
          Arn: getAtt(functionLogicalId(definition.target), 'Arn'),
          RetryPolicy: {
            MaximumRetryAttempts: definition.retryAttempts,
            MaximumEventAgeInSeconds: definition.maxEventAgeHours * 3600,
          },
        }),
      ]);
    }
  });

  it('keeps events a rule target function still fails on after Lambda retries', () => {
    const targeted = [...new Set(eventRules.map((rule) => rule.target))];
    const configs = Object.values(resources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(targeted.length);
    const queueIds = Object.keys(resources('AWS::SQS::Queue'));
    for (const name of targeted) {
      const config = configs.find(
        (candidate) =>
          JSON.stringify(candidate.Properties?.FunctionName) === JSON.stringify(ref(functionLogicalId(name))),
      );
      expect(config, name).toBeDefined();
      const destination = config?.Properties?.DestinationConfig?.OnFailure?.Destination as {
        'Fn::GetAtt': [string, string];
      };
      expect(queueIds).toContain(destination['Fn::GetAtt'][0]);
    }
  });

  it("forwards the SES events of the app configuration set, and no other sender's, from the default bus to the app bus", () => {
    const forwarding = Object.values(resources('AWS::Events::Rule')).filter(
      (rule) => rule.Properties?.EventBusName === undefined,
    );
    expect(forwarding).toHaveLength(1);
    const properties = forwarding[0]?.Properties ?? {};
    expect(properties.EventPattern).toEqual({
      source: ['aws.ses'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: logicalIdOf(stack.configurationSet) }] } } },
    });
    expect(properties.Targets).toEqual([
      expect.objectContaining({
        Arn: getAtt(logicalIdOf(stack.eventBus), 'Arn'),
        RoleArn: expect.objectContaining({ 'Fn::GetAtt': [expect.any(String), 'Arn'] }),
      }),
    ]);
  });
});

describe('email sending', () => {
  it('publishes bounce, complaint, delivery and reject events of the configuration set to the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    const destinations = Object.values(resources('AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]?.Properties?.EventDestination;
    expect([...destination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
    expect(JSON.stringify(destination.EventBridgeDestination.EventBusArn)).toMatch(/:event-bus\/default"/);
  });

  it('creates an SES identity for the sender address', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: stack.node.tryGetContext(CONTEXT_KEYS.senderAddress),
      ConfigurationSetAttributes: { ConfigurationSetName: ref(logicalIdOf(stack.configurationSet)) },
    });
  });
});

describe('the table', () => {
  it('is on-demand with point-in-time recovery and deletion protection, and is retained on stack deletion', () => {
    const tables = Object.values(resources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(1);
    const table = tables[0] as Resource;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
    const replicas = table.Properties?.Replicas as Record<string, any>[];
    expect(replicas.length).toBeGreaterThan(0);
    for (const replica of replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(replica.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('has the keys, time-to-live attribute and indexes of the shared table design', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });
});

describe('functions', () => {
  it('runs every Lambda function on nodejs24.x and arm64, and has no function beyond the routing ones', () => {
    const functions = Object.entries(resources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(definitions.length);
    for (const [logicalId, fn] of functions) {
      expect(fn.Properties?.Runtime, logicalId).toBe('nodejs24.x');
      expect(fn.Properties?.Architectures, logicalId).toEqual(['arm64']);
    }
  });

  it('sizes, traces and logs each function as its definition says', () => {
    for (const [name, definition] of definitions) {
      const fn = resources('AWS::Lambda::Function')[functionLogicalId(name)];
      expect(fn?.Properties).toMatchObject({
        Description: definition.description,
        Timeout: definition.timeoutSeconds,
        MemorySize: definition.memoryMb,
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: ref(logicalIdOf(stack.functions[name].logGroup)) },
      });
      expect(resources('AWS::Logs::LogGroup')[logicalIdOf(stack.functions[name].logGroup)]?.Properties).toEqual({
        RetentionInDays: LOG_RETENTION_DAYS,
      });
    }
  });

  it('sets the environment variables and grants of each function from its routing access', () => {
    for (const [name, definition] of definitions) {
      const variables = resources('AWS::Lambda::Function')[functionLogicalId(name)]?.Properties?.Environment
        ?.Variables as Record<string, unknown>;
      const actions = actionsOf(statementsOfFunction(name));
      const { access } = definition;

      if (access.table !== undefined) {
        expect(variables[ENV.tableName], name).toEqual(ref(logicalIdOf(stack.table)));
        expect(actions, name).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      } else {
        expect(variables[ENV.tableName], name).toBeUndefined();
        expect(
          actions.some((action) => action.startsWith('dynamodb:')),
          name,
        ).toBe(false);
      }
      const writes = actions.filter((action) =>
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(action),
      );
      expect(writes.length > 0, `${name} may write the table`).toBe(access.table === 'readWrite');

      if (access.publishEvents === true) {
        expect(variables[ENV.eventBusName], name).toEqual(ref(logicalIdOf(stack.eventBus)));
        expect(statementsOfFunction(name)).toContainEqual(
          expect.objectContaining({ Action: 'events:PutEvents', Resource: getAtt(logicalIdOf(stack.eventBus), 'Arn') }),
        );
      } else {
        expect(variables[ENV.eventBusName], name).toBeUndefined();
        expect(actions, name).not.toContain('events:PutEvents');
      }

      if (access.sendEmail === true) {
        expect(variables[ENV.senderAddress], name).toBe(stack.node.tryGetContext(CONTEXT_KEYS.senderAddress));
        expect(variables[ENV.configurationSet], name).toEqual(ref(logicalIdOf(stack.configurationSet)));
        expect(variables[ENV.facilitatorEmails], name).toBe(stack.node.tryGetContext(CONTEXT_KEYS.facilitatorEmails));
        expect(statementsOfFunction(name)).toContainEqual(
          expect.objectContaining({
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Condition: { StringEquals: { 'ses:FromAddress': variables[ENV.senderAddress] } },
          }),
        );
      } else {
        for (const variable of [ENV.senderAddress, ENV.configurationSet]) {
          expect(variables[variable], `${name} ${variable}`).toBeUndefined();
        }
        // A page names the facilitators (facilitatorContact) without the right to send.
        const contactOnly = (access as { facilitatorContact?: boolean }).facilitatorContact === true;
        expect(variables[ENV.facilitatorEmails], `${name} ${ENV.facilitatorEmails}`).toBe(
          contactOnly ? stack.node.tryGetContext(CONTEXT_KEYS.facilitatorEmails) : undefined,
        );
        expect(
          actions.some((action) => action.startsWith('ses:')),
          name,
        ).toBe(false);
      }

      if (access.applicantLinks === true) {
        expect(variables[ENV.applicantLinkSecretArn], name).toEqual(ref(logicalIdOf(stack.applicantLinkSecret)));
        expect(variables[ENV.publicApiUrl], name).toEqual(getAtt(logicalIdOf(stack.httpApi), 'ApiEndpoint'));
        expect(
          statementsOfFunction(name).filter((statement) =>
            [statement.Action].flat().some((action: string) => action.startsWith('secretsmanager:')),
          ),
        ).toEqual([
          {
            Action: 'secretsmanager:GetSecretValue',
            Effect: 'Allow',
            Resource: ref(logicalIdOf(stack.applicantLinkSecret)),
          },
        ]);
      } else {
        for (const variable of [ENV.applicantLinkSecretArn, ENV.applicantLinkKey]) {
          expect(variables[variable], `${name} ${variable}`).toBeUndefined();
        }
        const publicUrlOnly = (access as { publicApiUrl?: boolean }).publicApiUrl === true;
        expect(variables[ENV.publicApiUrl], `${name} ${ENV.publicApiUrl}`).toEqual(
          publicUrlOnly ? getAtt(logicalIdOf(stack.httpApi), 'ApiEndpoint') : undefined,
        );
        expect(
          actions.some((action) => action.startsWith('secretsmanager:')),
          name,
        ).toBe(false);
      }

      const bulk = (access as { bulkSend?: boolean }).bulkSend === true;
      const fn = resources('AWS::Lambda::Function')[functionLogicalId(name)];
      const oneCopy = bulk || definition.oneCopyAtATime === true;
      expect(fn?.Properties?.ReservedConcurrentExecutions, `${name} reserved concurrency`).toBe(
        oneCopy ? 1 : undefined,
      );
      expect(actions.includes('ses:GetAccount'), `${name} ses:GetAccount`).toBe(bulk);
    }
  });

  it('sends every bulk email through one function that runs one copy at a time, so overlapping campaigns share one pace', () => {
    const bulk = definitions
      .filter(([, definition]) => (definition.access as { bulkSend?: boolean }).bulkSend === true)
      .map(([name]) => name);
    expect(bulk).toEqual(['sendBulkMail']);
    const bulkEvents = [
      InvitationsDue,
      InviteesImported,
      DeadlineReminderDue,
      SessionReminderDue,
      PlanningMeetingReminderDue,
      SessionChanged,
      SessionMaterialsPosted,
    ].map((event) => event.detailType);
    const targetsOf = (detailType: string) =>
      eventRules
        .filter((rule) => (rule.pattern as { 'detail-type'?: string[] })['detail-type']?.includes(detailType))
        .map((rule) => rule.target);
    for (const detailType of bulkEvents) expect(targetsOf(detailType), detailType).toContain('sendBulkMail');
    expect(eventRules.filter((rule) => rule.target === 'sendBulkMail')).toHaveLength(bulkEvents.length);
  });

  it("tells the milestone dispatcher, which runs one copy at a time, of every session change, so a moved session's reminders follow it", () => {
    const targets = eventRules
      .filter((rule) =>
        (rule.pattern as { 'detail-type'?: string[] })['detail-type']?.includes(SessionChanged.detailType),
      )
      .map((rule) => rule.target);
    expect(targets.sort()).toEqual(['dispatchMilestones', 'sendBulkMail']);
    expect(
      template.toJSON().Resources[functionLogicalId('dispatchMilestones')].Properties.ReservedConcurrentExecutions,
    ).toBe(1);
  });

  it('gives the applicant-link key to the functions that build or check applicant links, and to no other', () => {
    const withLinks = definitions
      .filter(([, definition]) => (definition.access as { applicantLinks?: boolean }).applicantLinks === true)
      .map(([name]) => name);
    expect(withLinks.sort()).toEqual([
      'clarifications',
      'facilitatorReleases',
      'roster',
      'sendClarificationRequest',
      'sendResult',
    ]);
    // Never a local key in AWS: the key stays in Secrets Manager.
    for (const fn of Object.values(resources('AWS::Lambda::Function'))) {
      expect(fn.Properties?.Environment?.Variables?.[ENV.applicantLinkKey]).toBeUndefined();
    }
  });

  it('gives functions roles without AWS-managed policies', () => {
    for (const [name] of definitions) {
      const role = resources('AWS::IAM::Role')[logicalIdOf(stack.functions[name].role)];
      expect(role?.Properties?.ManagedPolicyArns, name).toBeUndefined();
    }
  });
});

describe('the applicant-link secret', () => {
  it('is one generated, retained secret whose value never appears in the template', () => {
    const secrets = Object.entries(resources('AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(secretId).toBe(logicalIdOf(stack.applicantLinkSecret));
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    expect(secret.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    expect(secret.Properties?.SecretString).toBeUndefined();
    // Not rotated on purpose (the emailed links would die): no rotation schedule exists.
    expect(Object.keys(resources('AWS::SecretsManager::RotationSchedule'))).toHaveLength(0);
  });

  it('names the API endpoint in function environments without a dependency cycle in the template', () => {
    const all = template.toJSON().Resources as Record<string, Resource & { DependsOn?: string | string[] }>;
    const dependencies = new Map<string, Set<string>>();
    const collect = (value: unknown, into: Set<string>): void => {
      if (Array.isArray(value)) for (const item of value) collect(item, into);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Ref' && typeof inner === 'string' && inner in all) into.add(inner);
          else if (key === 'Fn::GetAtt' && Array.isArray(inner) && inner[0] in all) into.add(inner[0]);
          else collect(inner, into);
        }
      }
    };
    for (const [id, resource] of Object.entries(all)) {
      const into = new Set<string>([resource.DependsOn ?? []].flat());
      collect(resource.Properties, into);
      dependencies.set(id, into);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycleFrom = (id: string, trail: string[]): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'visiting') return [...trail, id];
      state.set(id, 'visiting');
      for (const next of dependencies.get(id) ?? []) {
        const cycle = cycleFrom(next, [...trail, id]);
        if (cycle) return cycle;
      }
      state.set(id, 'done');
      return undefined;
    };
    const cycles = [...dependencies.keys()].map((id) => cycleFrom(id, [])).filter(Boolean);
    expect(cycles).toEqual([]);
    expect(dependencies.get(functionLogicalId('clarifications'))).toContain(logicalIdOf(stack.httpApi));
  });
});

describe('the HTTP API', () => {
  it('exposes one route per routing entry, integrated with its target function', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(httpRoutes.length);
    const integrations = resources('AWS::ApiGatewayV2::Integration');
    for (const route of httpRoutes) {
      const routeKey = `${route.method} ${route.path}`;
      const matching = routes.filter((candidate) => candidate.Properties?.RouteKey === routeKey);
      expect(matching, routeKey).toHaveLength(1);
      const target = matching[0]?.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integrationId = target['Fn::Join'][1][1].Ref;
      expect(integrations[integrationId]?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: getAtt(functionLogicalId(route.target), 'Arn'),
      });
    }
  });

  it('puts the Cognito JWT authorizer on every facilitator route and none on applicant routes', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    const authorizers = resources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [ref(logicalIdOf(stack.facilitatorClient))] },
    });
    expect(JSON.stringify(authorizer.Properties?.JwtConfiguration?.Issuer)).toContain(
      logicalIdOf(stack.facilitatorUserPool),
    );
    for (const route of httpRoutes) {
      const built = routes.find((candidate) => candidate.Properties?.RouteKey === `${route.method} ${route.path}`);
      if (route.auth === 'facilitator') {
        expect(built?.Properties, route.path).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: ref(authorizerId),
        });
      } else {
        expect(built?.Properties?.AuthorizationType ?? 'NONE', route.path).toBe('NONE');
      }
    }
    expect(httpRoutes.some((route) => route.auth === 'facilitator')).toBe(true);
  });

  it('signs facilitators in to a user pool with MFA, no self sign-up, and a facilitators group', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'facilitators' });
  });

  it('throttles and access-logs its default stage', () => {
    const stages = Object.values(resources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        Format: expect.stringContaining('$context.requestId'),
      },
    });
  });
});

describe('alarms', () => {
  it('encrypts every dead-letter queue, requires TLS on it, keeps messages 14 days and alarms as soon as it holds one', () => {
    const queues = Object.entries(resources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(eventRules.length + 1);
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    const policies = Object.values(resources('AWS::SQS::QueuePolicy'));
    const topicRef = ref(logicalIdOf(stack.alarmTopic));
    for (const [queueId, queue] of queues) {
      expect(queue.Properties, queueId).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      const policy = policies.find(
        (candidate) => JSON.stringify(candidate.Properties?.Queues) === JSON.stringify([ref(queueId)]),
      );
      expect(policy?.Properties?.PolicyDocument.Statement, queueId).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const alarm = alarms.find(
        (candidate) =>
          candidate.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(candidate.Properties?.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }]),
      );
      expect(alarm, `alarm on ${queueId}`).toBeDefined();
      expect(alarm?.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [topicRef],
      });
    }
  });

  it('alarms on the errors of every function', () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    for (const [name] of definitions) {
      expect(
        alarms.find(
          (alarm) =>
            alarm.Properties?.Namespace === 'AWS/Lambda' &&
            alarm.Properties?.MetricName === 'Errors' &&
            JSON.stringify(alarm.Properties?.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: ref(functionLogicalId(name)) }]),
        )?.Properties,
        name,
      ).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [ref(logicalIdOf(stack.alarmTopic))],
      });
    }
  });

  it('subscribes the configured alarm email to a TLS-only alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: ref(logicalIdOf(stack.alarmTopic)),
    });
    const policies = Object.values(resources('AWS::SNS::TopicPolicy'));
    expect(policies.flatMap((policy) => policy.Properties?.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('subscribes nobody when no alarm email is configured', () => {
    const { stack: withoutEmail } = buildApp({
      outdir: mkdtempSync(path.join(outdir, 'no-alarm-email-')),
      nag: false,
      cloudFormationValidation: false,
      context: { ...NO_BUNDLING, [CONTEXT_KEYS.alarmEmail]: '' },
    });
    Template.fromStack(withoutEmail).resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('outputs', () => {
  it('outputs the API URL, event bus name, table name and configuration set name', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'ConfigurationSetName',
      'EventBusName',
      'FacilitatorClientId',
      'FacilitatorUserPoolId',
      'TableName',
    ]);
    expect(outputs.EventBusName?.Value).toEqual(ref(logicalIdOf(stack.eventBus)));
    expect(outputs.TableName?.Value).toEqual(ref(logicalIdOf(stack.table)));
    expect(outputs.ConfigurationSetName?.Value).toEqual(ref(logicalIdOf(stack.configurationSet)));
  });
});

describe('schedules', () => {
  it('ticks each schedule in America/Chicago with a retry policy and a dead-letter queue on its target', () => {
    const built = Object.values(resources('AWS::Scheduler::Schedule'));
    expect(built).toHaveLength(schedules.length);
    for (const definition of schedules) {
      const schedule = built.find((resource) => resource.Properties?.Description === definition.description);
      expect(schedule, definition.id).toBeDefined();
      expect(schedule!.Properties).toMatchObject({
        ScheduleExpression: `cron(0/${definition.everyMinutes} * * * ? *)`,
        ScheduleExpressionTimezone: 'America/Chicago',
        Target: {
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack.functions[definition.target].function), 'Arn'] },
          RetryPolicy: {
            MaximumRetryAttempts: definition.retryAttempts,
            MaximumEventAgeInSeconds: definition.maxEventAgeMinutes * 60,
          },
          DeadLetterConfig: { Arn: expect.anything() },
        },
      });
    }
  });
});
