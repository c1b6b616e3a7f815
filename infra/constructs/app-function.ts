/**
 * The one way this app builds a Lambda function: Node.js 24 on arm64, bundled by local
 * esbuild with the shared options (infra/bundling/lambda-bundle.ts), logging to its own
 * retained log group, traced, alarmed on errors, with an execution role that starts empty
 * and only gains what the bind helpers grant.
 */
import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../../shared/platform/config/env-names.ts';
import { BUNDLE_HANDLER, bundledCode } from '../bundling/lambda-code.ts';
import type { FunctionAccess, FunctionDefinition } from '../routing.ts';

export interface AppFunctionProps {
  readonly definition: FunctionDefinition;
  readonly logRetention: logs.RetentionDays;
  /** Receives the function's error alarm. */
  readonly alarmTopic: sns.ITopic;
}

/** What `bindEmail` needs: where mail is sent from and how SES reports on it. */
export interface EmailBinding {
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.IConfigurationSet;
  readonly senderAddress: string;
  readonly facilitatorEmails: readonly string[];
}

/** What `bindApplicantLinks` needs: the secret holding the link key, and the API's public URL. */
export interface ApplicantLinkBinding {
  readonly secret: secretsmanager.ISecret;
  /** Base URL of the HTTP API, no trailing slash (e.g. the HttpApi's apiEndpoint). */
  readonly publicApiUrl: string;
}

export class AppFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { definition } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });

    // An explicit role instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group); this one may only write
    // to the function's own log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of: ${definition.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      code: bundledCode(definition.entry),
      handler: BUNDLE_HANDLER,
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(definition.timeoutSeconds),
      memorySize: definition.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
    });

    this.errorsAlarm = this.function
      .metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
      .createAlarm(this, 'ErrorsAlarm', {
        alarmDescription: `A function error in: ${definition.description}`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.errorsAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));

    // Active tracing makes CDK grant xray:PutTraceSegments and xray:PutTelemetryRecords.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only actions without resource-level permissions use Resource "*": xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords (added for active tracing) and, on bulk senders, ses:GetAccount (the sending quota ' +
        'the pace follows).',
    });
  }

  /**
   * Sets TABLE_NAME and grants the table access the routing definition asks for (CDK's read or read/write data grant).
   */
  bindTable(table: dynamodb.ITableV2, access: NonNullable<FunctionAccess['table']>): void {
    this.function.addEnvironment(ENV.tableName, table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this.function);
    else table.grantReadData(this.function);

    // The grant covers the table and `<table arn>/index/*` so queries on the secondary
    // indexes work; index ARNs have no other form than a wildcard over index names.
    const cfnTable = table.node.defaultChild;
    if (CfnResource.isCfnResource(cfnTable)) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(table).getLogicalId(cfnTable)}.Arn>/index/*]`,
        reason:
          'The table grant includes "<table arn>/index/*" so the function can query the global secondary indexes of ' +
          'this one table; index ARNs can only be granted with a wildcard over index names.',
      });
    }
  }

  /** Sets EVENT_BUS_NAME and allows events:PutEvents on that bus only. */
  bindEventBus(bus: events.IEventBus): void {
    this.function.addEnvironment(ENV.eventBusName, bus.eventBusName);
    bus.grantPutEventsTo(this.function);
  }

  /**
   * Sets APPLICANT_LINK_SECRET_ARN and PUBLIC_API_URL and allows secretsmanager:GetSecretValue
   * on that one secret (it is encrypted with the AWS-managed key, so no KMS grant is needed).
   */
  bindApplicantLinks(binding: ApplicantLinkBinding): void {
    this.function.addEnvironment(ENV.applicantLinkSecretArn, binding.secret.secretArn);
    this.function.addEnvironment(ENV.publicApiUrl, binding.publicApiUrl);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [binding.secret.secretArn] }),
    );
  }

  /** Sets PUBLIC_API_URL, for links in emails, without any secret. */
  bindPublicApiUrl(publicApiUrl: string): void {
    this.function.addEnvironment(ENV.publicApiUrl, publicApiUrl);
  }

  /** Reserved concurrency 1: asynchronous invocations (events, schedule ticks) wait their turn. */
  runOneCopyAtATime(): void {
    (this.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 1;
  }

  /**
   * A bulk sender paces itself to the account's SES rate, which holds only if one copy runs
   * at a time: reserved concurrency 1 (EventBridge's asynchronous invocations wait their turn).
   * It may read the SES send quota, or is given SES_MAX_SEND_RATE by the deployment settings.
   */
  bindBulkSending(maxSendRate: number | undefined): void {
    this.runOneCopyAtATime();
    if (maxSendRate !== undefined) this.function.addEnvironment('SES_MAX_SEND_RATE', String(maxSendRate));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    // Its Resource "*" is covered by the role's acknowledgement in the constructor.
  }

  /** Sets FACILITATOR_EMAILS (comma-separated) only: whom pages tell applicants to write to, with no right to send. */
  bindFacilitatorContact(facilitatorEmails: readonly string[]): void {
    this.function.addEnvironment(ENV.facilitatorEmails, facilitatorEmails.join(','));
  }

  /**
   * Sets SENDER_ADDRESS, SES_CONFIGURATION_SET and FACILITATOR_EMAILS (comma-separated) and
   * allows sending through that identity and configuration set, from the sender address only.
   */
  bindEmail(binding: EmailBinding): void {
    this.function.addEnvironment(ENV.senderAddress, binding.senderAddress);
    this.function.addEnvironment(ENV.configurationSet, binding.configurationSet.configurationSetName);
    this.function.addEnvironment(ENV.facilitatorEmails, binding.facilitatorEmails.join(','));
    // SES v2 SendEmail authorizes against both the identity and the configuration set.
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: binding.configurationSet.configurationSetName,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [binding.identity.emailIdentityArn, configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': binding.senderAddress } },
      }),
    );
  }
}
