/**
 * The whole backend in one stack. Every function, HTTP route and event rule comes from
 * the routing definition (infra/routing.ts) and the table from the shared table design,
 * so this file names none of them.
 */
import {
  CfnOutput,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDesign } from '../shared/platform/dynamodb/table-design.ts';
import type { EventPattern as RoutingEventPattern } from '../shared/platform/events/contract.ts';
import { FACILITATORS_GROUP } from '../shared/platform/http/facilitator-auth.ts';
import type { DeploymentConfig } from './config.ts';
import { AppFunction } from './constructs/app-function.ts';
import {
  eventRules,
  type FunctionDefinition,
  type FunctionName,
  functionDefinitions,
  type HttpRoute,
  httpRoutes,
  schedules,
} from './routing.ts';

/** Steady-state and burst request limits of the whole API (the applicant population is small). */
const API_THROTTLE = { rateLimit: 25, burstLimit: 50 } as const;

/**
 * SES's own events (bounces, complaints, deliveries, rejects) as they arrive on the default bus (the forwarding rule
 * adds the app's configuration set).
 */
export const SES_EVENTS_PATTERN = { source: ['aws.ses'] } as const;

/**
 * Retry limits of the SES forwarding target. The CDK EventBus target has no retry props (its
 * docs say retry policies are unsupported for event-bus targets), but CloudFormation accepts a
 * RetryPolicy on every rule target, so it is set on the CloudFormation target. The values are
 * EventBridge's defaults: delivery behaves the same whether or not the service applies them.
 */
const BUS_FORWARDING_RETRY = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 24 * 60 * 60 } as const;

export interface InnovationZonesStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

export class InnovationZonesStack extends Stack {
  readonly eventBus: events.EventBus;
  readonly table: dynamodb.TableV2;
  readonly configurationSet: ses.ConfigurationSet;
  readonly emailIdentity: ses.EmailIdentity;
  readonly alarmTopic: sns.Topic;
  readonly httpApi: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly functions: Readonly<Record<FunctionName, AppFunction>>;
  readonly facilitatorUserPool: cognito.UserPool;
  readonly facilitatorClient: cognito.UserPoolClient;
  /** Key of the per-application secrets in applicant links. */
  readonly applicantLinkSecret: secretsmanager.Secret;

  private readonly config: DeploymentConfig;

  constructor(scope: Construct, id: string, props: InnovationZonesStackProps) {
    super(scope, id, props);
    this.config = props.config;

    this.alarmTopic = this.createAlarmTopic();
    this.eventBus = new events.EventBus(this, 'EventBus', {
      description: 'Domain events of the SRSN Innovation Zones season, and the SES events forwarded to it',
    });
    this.table = this.createTable();
    ({ configurationSet: this.configurationSet, emailIdentity: this.emailIdentity } = this.createEmailSending());
    this.forwardSesEventsToAppBus();
    this.applicantLinkSecret = this.createApplicantLinkSecret();
    // The API exists before the functions so links in emails can name its URL; its routes,
    // which need the functions, come after them (the URL does not depend on any route).
    ({ api: this.httpApi, stage: this.apiStage } = this.createHttpApi());
    this.functions = this.createFunctions();
    ({ userPool: this.facilitatorUserPool, client: this.facilitatorClient } = this.createFacilitatorSignIn());
    this.addHttpRoutes();
    this.createEventRules();
    this.createSchedules();

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ConfigurationSetName', { value: this.configurationSet.configurationSetName });
    new CfnOutput(this, 'FacilitatorUserPoolId', { value: this.facilitatorUserPool.userPoolId });
    new CfnOutput(this, 'FacilitatorClientId', { value: this.facilitatorClient.userPoolClientId });
  }

  /**
   * Facilitators sign in to a Cognito user pool (no self sign-up, MFA required); members
   * of its facilitators group may use the facilitator routes. The API checks the ID token.
   */
  private createFacilitatorSignIn(): { userPool: cognito.UserPool; client: cognito.UserPoolClient } {
    const userPool = new cognito.UserPool(this, 'FacilitatorUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'FacilitatorsGroup', {
      userPoolId: userPool.userPoolId,
      groupName: FACILITATORS_GROUP,
      description: 'May review applications, decide, release results and record board resolutions',
    });
    const client = userPool.addClient('FacilitatorClient', {
      // SRP for apps; password auth so the AWS CLI can fetch a token for `npx srsn` (MFA is still required).
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    return { userPool, client };
  }

  /**
   * The key of the per-application secrets (an HMAC key), generated by CloudFormation so no
   * person ever sees it, and read by the functions with the applicantLinks access only.
   * Retained like the table: applications outlive a stack, and so must their links.
   */
  private createApplicantLinkSecret(): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'ApplicantLinkSecret', {
      description:
        'SRSN Innovation Zones: HMAC key of the per-application secrets in applicant links (never rotated: rotation ' +
        'would void every link already emailed)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated on purpose: this is the HMAC key behind the per-application secrets already emailed to ' +
        'applicants (nothing is stored per application), so a rotation would silently void every reply link in their ' +
        'inboxes for the rest of the season. Only the functions with the applicantLinks access may read it.',
    });
    return secret;
  }

  private createAlarmTopic(): sns.Topic {
    // Not KMS-encrypted: it only carries CloudWatch alarm notifications (alarm name, state,
    // metric), and CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'SRSN Innovation Zones alarms',
      enforceSSL: true,
    });
    if (this.config.alarmEmail !== undefined) {
      topic.addSubscription(new snsSubscriptions.EmailSubscription(this.config.alarmEmail));
    }
    return topic;
  }

  private createTable(): dynamodb.TableV2 {
    const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    return new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(tableDesign.partitionKey),
      sortKey: stringKey(tableDesign.sortKey),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      globalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      })),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createEmailSending(): { configurationSet: ses.ConfigurationSet; emailIdentity: ses.EmailIdentity } {
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    // SES can only publish to the default bus; forwardSesEventsToAppBus brings the events over.
    configurationSet.addEventDestination('ToDefaultEventBus', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultEventBus', 'default')),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.REJECT,
      ],
    });
    const emailIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.email(this.config.senderAddress),
      // Mail from this identity is tracked even when a send names no configuration set.
      configurationSet,
    });
    return { configurationSet, emailIdentity };
  }

  private forwardSesEventsToAppBus(): void {
    const id = 'ForwardSesEvents';
    const deadLetterQueue = this.createDeadLetterQueue(id, {
      holds: 'SES events that EventBridge could not forward to the app bus',
      servedBy: `the EventBridge dead-letter queue of rule ${id}`,
    });
    // No eventBus: the rule lives on the account's default bus, where SES publishes. Only this
    // app's configuration set: another sender in the account must not fill our suppression list.
    const rule = new events.Rule(this, id, {
      description:
        'Forwards SES sending events (bounce, complaint, delivery, reject) of the app configuration set from the ' +
        'default bus to the app bus',
      eventPattern: {
        source: [...SES_EVENTS_PATTERN.source],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new targets.EventBus(this.eventBus, { deadLetterQueue })],
    });
    const cfnRule = rule.node.defaultChild as events.CfnRule;
    cfnRule.addPropertyOverride('Targets.0.RetryPolicy', {
      MaximumRetryAttempts: BUS_FORWARDING_RETRY.maximumRetryAttempts,
      MaximumEventAgeInSeconds: BUS_FORWARDING_RETRY.maximumEventAgeSeconds,
    });
  }

  private createFunctions(): Record<FunctionName, AppFunction> {
    const entries = Object.entries(functionDefinitions) as [FunctionName, FunctionDefinition][];
    const built = entries.map(([name, definition]): [FunctionName, AppFunction] => {
      const fn = new AppFunction(this, name, {
        definition,
        logRetention: this.config.logRetentionDays,
        alarmTopic: this.alarmTopic,
      });
      const { access } = definition;
      if (access.table !== undefined) fn.bindTable(this.table, access.table);
      if (access.publishEvents === true) fn.bindEventBus(this.eventBus);
      if (access.applicantLinks === true) {
        // The API's own endpoint (Fn::GetAtt of the Api), not the stage: no route, and so no
        // function, sits between them, so the function's environment creates no cycle.
        fn.bindApplicantLinks({ secret: this.applicantLinkSecret, publicApiUrl: this.httpApi.apiEndpoint });
      }
      if (access.publicApiUrl === true && access.applicantLinks !== true) fn.bindPublicApiUrl(this.httpApi.apiEndpoint);
      if (access.bulkSend === true) fn.bindBulkSending(this.config.sesMaxSendRate);
      if (definition.oneCopyAtATime === true) fn.runOneCopyAtATime();
      if (access.facilitatorContact === true && access.sendEmail !== true) {
        fn.bindFacilitatorContact(this.config.facilitatorEmails);
      }
      if (access.sendEmail === true) {
        fn.bindEmail({
          identity: this.emailIdentity,
          configurationSet: this.configurationSet,
          senderAddress: this.config.senderAddress,
          facilitatorEmails: this.config.facilitatorEmails,
        });
      }
      return [name, fn];
    });
    return Object.fromEntries(built) as Record<FunctionName, AppFunction>;
  }

  private createHttpApi(): { api: apigwv2.HttpApi; stage: apigwv2.HttpStage } {
    const api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'SRSN Innovation Zones HTTP API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: this.config.logRetentionDays });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    return { api, stage };
  }

  /** One route per routing entry, facilitator routes behind the Cognito JWT authorizer. */
  private addHttpRoutes(): void {
    const api = this.httpApi;
    const facilitatorAuthorizer = new HttpJwtAuthorizer(
      'FacilitatorAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.facilitatorUserPool.userPoolId}`,
      { jwtAudience: [this.facilitatorClient.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of httpRoutes) {
      let integration = integrations.get(route.target);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${route.target}Integration`, this.functions[route.target].function);
        integrations.set(route.target, integration);
      }
      const authorizer = route.auth === 'facilitator' ? { authorizer: facilitatorAuthorizer } : {};
      for (const httpRoute of api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        ...authorizer,
      })) {
        if (route.auth === 'public') acknowledgePublicRoute(httpRoute, route);
      }
    }
  }

  private createEventRules(): void {
    const targetedFunctions = new Set<FunctionName>();
    for (const definition of eventRules) {
      const deadLetterQueue = this.createDeadLetterQueue(definition.id, {
        holds: `events that rule ${definition.id} could not deliver to ${definition.target}`,
        servedBy: `the EventBridge dead-letter queue of rule ${definition.id}`,
      });
      new events.Rule(this, definition.id, {
        eventBus: this.eventBus,
        description: definition.description,
        eventPattern: toCdkEventPattern(definition.pattern),
        targets: [
          new targets.LambdaFunction(this.functions[definition.target].function, {
            retryAttempts: definition.retryAttempts,
            maxEventAge: Duration.hours(definition.maxEventAgeHours),
            deadLetterQueue,
          }),
        ],
      });
      targetedFunctions.add(definition.target);
    }
    for (const name of targetedFunctions) this.captureFailedInvocations(name);
  }

  /**
   * EventBridge Scheduler schedules in their own time zone (America/Chicago), each target
   * with a retry policy and a dead-letter queue for ticks that still fail.
   */
  private createSchedules(): void {
    for (const definition of schedules) {
      const deadLetterQueue = this.createDeadLetterQueue(definition.id, {
        holds: `ticks of schedule ${definition.id} that could not be delivered to ${definition.target}`,
        servedBy: `the EventBridge Scheduler dead-letter queue of schedule ${definition.id}`,
      });
      const target = this.functions[definition.target].function;
      const role = new iam.Role(this, `${definition.id}SchedulerRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
        description: `Lets schedule ${definition.id} invoke ${definition.target}`,
      });
      new scheduler.Schedule(this, definition.id, {
        description: definition.description,
        schedule: scheduler.ScheduleExpression.cron({
          minute: `0/${definition.everyMinutes}`,
          timeZone: TimeZone.of(definition.timeZone),
        }),
        target: new schedulerTargets.LambdaInvoke(target, {
          role,
          retryAttempts: definition.retryAttempts,
          maxEventAge: Duration.minutes(definition.maxEventAgeMinutes),
          deadLetterQueue,
        }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(target.node.defaultChild as CfnResource)}.Arn>:*]`,
        reason:
          `CDK's grantInvoke adds "<function arn>:*" next to the function ARN so the schedule may also invoke ` +
          `versions and aliases of ${definition.target}; the wildcard covers that one function only.`,
      });
    }
  }

  /**
   * EventBridge invokes Lambda asynchronously: its dead-letter queue only receives events it
   * could not hand to Lambda. An event the handler itself fails on is retried by Lambda and
   * then, without an on-failure destination, dropped; this keeps it, with the error.
   */
  private captureFailedInvocations(name: FunctionName): void {
    const id = `${name}FailedInvocations`;
    const queue = this.createDeadLetterQueue(id, {
      holds: `events that ${name} still failed on after Lambda's retries`,
      servedBy: `the on-failure destination of ${name}'s asynchronous invocations`,
    });
    this.functions[name].function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(queue),
    });
  }

  /** An encrypted, TLS-only queue that keeps failures 14 days, alarmed as soon as it holds one. */
  private createDeadLetterQueue(id: string, purpose: { holds: string; servedBy: string }): sqs.Queue {
    const queue = new sqs.Queue(this, `${id}DeadLetterQueue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        `This queue is itself ${purpose.servedBy}; nothing consumes it automatically, so a queue behind it ` +
        `would never receive anything. Its depth is alarmed instead.`,
    });
    const alarm = queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, `${id}DeadLetterAlarm`, {
        alarmDescription: `Dead-letter queue ${id} holds ${purpose.holds}`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarmTopic));
    return queue;
  }
}

/**
 * Applicant routes are public: applicants are anonymous by design (docs/http-api.md), so
 * submission has no authorizer, and follow-ups carry a per-application secret the handler checks.
 */
function acknowledgePublicRoute(httpRoute: apigwv2.HttpRoute, route: HttpRoute): void {
  const why =
    `${route.method} ${route.path} is an applicant route: applicants are anonymous by design (no ` +
    `accounts), so it has no authorizer; the handler validates the body, and follow-ups are authorized by a ` +
    `per-application secret. Facilitator routes use the Cognito JWT authorizer.`;
  Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: why });
}

const TOP_LEVEL_PATTERN_FIELDS: Readonly<Record<string, keyof events.EventPattern>> = {
  version: 'version',
  id: 'id',
  'detail-type': 'detailType',
  source: 'source',
  account: 'account',
  time: 'time',
  region: 'region',
  resources: 'resources',
  detail: 'detail',
};

/** Converts a routing pattern (EventBridge's own field names) to the CDK's EventPattern. */
export function toCdkEventPattern(pattern: RoutingEventPattern): events.EventPattern {
  const converted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pattern)) {
    const cdkField = TOP_LEVEL_PATTERN_FIELDS[field];
    if (cdkField === undefined) throw new Error(`Unsupported top-level event pattern field "${field}"`);
    converted[cdkField] = Array.isArray(value) ? [...value] : value;
  }
  return converted as events.EventPattern;
}
