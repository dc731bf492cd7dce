// The workspace-based schema: Log Analytics' tables for Application Insights (AppRequests & co.),
// as a learner queries them from a Log Analytics workspace. Not a second copy of the data: each
// table reads the rows of its classic table (schema.ts), and each column names the classic column
// it is read from (sqlite-source.ts does the reading).
//
// Sources (docs/telemetry.md lists every table with its columns and where each comes from):
// - the columns and their types: Microsoft's table reference, "Azure Monitor Logs reference -
//   AppRequests" and its siblings (learn.microsoft.com/azure/azure-monitor/reference/tables/apprequests;
//   MicrosoftDocs/azure-reference-other, azure-monitor-ref/tables/includes/<table>-include.md, 2024).
//   In the order the reference's 2020 pages list them, Log Analytics' own order (TenantId,
//   TimeGenerated, the table's own columns, Properties, …, _ResourceId); the 2024 pages list them
//   alphabetically and add _BilledSize, _IsBillable and _SubscriptionId, kept here at the end.
// - which classic column feeds each: "Migrate to workspace-based Application Insights resources" →
//   Table schemas (learn.microsoft.com/azure/azure-monitor/app/convert-classic-resource). Where the
//   two pages disagree, the table reference names the column, since it is what the workspace has:
//   ParentId (the migration page says OperationParentId), SyntheticSource (OperationSyntheticSource),
//   SDKVersion (SdkVersion). The migration page's PerformanceBucket (AppRequests, AppDependencies)
//   is not in the 2024 reference but is kept: Microsoft's own query gallery ("Response time buckets",
//   AzureMonitorCommunity) summarizes AppRequests by it, so workspaces have it. Size and _ItemId
//   are left out (nothing published queries them), and the migration page's AppMetrics ValueCount/ValueSum/ValueMin/ValueMax are the reference's
//   ItemCount/Sum/Min/Max, fed from valueCount/valueSum/valueMin/valueMax.
import type { KType } from './ast';
import type { ClassicTable, ColumnSpec } from './schema';

/** Where a workspace column's value comes from: a classic column, a fixed text, or nothing here (empty). */
export type ColumnSource = { column: string } | { value: string } | null;

interface WorkspaceColumn extends ColumnSpec {
  from: ColumnSource;
}

/** `Name:type<-classicColumn`, or `Name:type` for a column nothing local feeds (it reads as empty). */
const columns = (spec: string): WorkspaceColumn[] =>
  spec.split(/\s*,\s*/).map((entry) => {
    // Every entry below is written `Name:type`, with or without `<-column` (the schema tests read each).
    const [declared, from] = entry.split('<-') as [string, string?];
    const [name, type] = declared.split(':') as [string, string];
    return { name, type: type as KType, from: from ? { column: from } : null };
  });

/** The context every table shares, after its own columns (Properties and Measurements come before it). */
const CONTEXT = `OperationName:string<-operation_Name, OperationId:string<-operation_Id, ParentId:string<-operation_ParentId,
  SyntheticSource:string<-operation_SyntheticSource, SessionId:string<-session_Id, UserId:string<-user_Id,
  UserAuthenticatedId:string<-user_AuthenticatedId, UserAccountId:string<-user_AccountId, AppVersion:string<-application_Version,
  AppRoleName:string<-cloud_RoleName, AppRoleInstance:string<-cloud_RoleInstance, ClientType:string<-client_Type,
  ClientModel:string<-client_Model, ClientOS:string<-client_OS, ClientIP:string<-client_IP, ClientCity:string<-client_City,
  ClientStateOrProvince:string<-client_StateOrProvince, ClientCountryOrRegion:string<-client_CountryOrRegion,
  ClientBrowser:string<-client_Browser, ResourceGUID:string<-appId, IKey:string<-iKey, SDKVersion:string<-sdkVersion`;

interface Shape {
  stored: ClassicTable;
  own: string;
  /** The classic column Measurements reads, when the reference gives the table Measurements. */
  measurements?: string;
  /** AppRequests, AppDependencies and AppTraces have ReferencedItemId and ReferencedType. */
  referenced?: boolean;
  /** AppMetrics puts ItemCount among its own columns (the number of values aggregated). */
  ownItemCount?: boolean;
}

function workspaceTable(name: string, shape: Shape): { stored: ClassicTable; columns: WorkspaceColumn[] } {
  const measurements = shape.measurements === undefined ? [] : [{ name: 'Measurements', type: 'dynamic' as const, from: { column: shape.measurements } }];
  return {
    stored: shape.stored,
    columns: [
      ...columns('TenantId:string, TimeGenerated:datetime<-timestamp'),
      ...columns(shape.own),
      ...columns('Properties:dynamic<-customDimensions'),
      ...measurements,
      ...columns(CONTEXT),
      ...(shape.ownItemCount ? [] : columns('ItemCount:int<-itemCount')),
      ...(shape.referenced ? columns('ReferencedItemId:string, ReferencedType:string') : []),
      ...columns('SourceSystem:string'),
      { name: 'Type', type: 'string', from: { value: name } },
      ...columns('_ResourceId:string<-appName, _BilledSize:real, _IsBillable:string, _SubscriptionId:string'),
    ],
  };
}

const SHAPES = {
  AppRequests: { stored: 'requests', referenced: true, measurements: 'customMeasurements',
    own: 'Id:string<-id, Source:string<-source, Name:string<-name, Url:string<-url, Success:bool<-success, ResultCode:string<-resultCode, DurationMs:real<-duration, PerformanceBucket:string<-performanceBucket' },
  AppDependencies: { stored: 'dependencies', referenced: true, measurements: 'customMeasurements',
    own: `Id:string<-id, Target:string<-target, DependencyType:string<-type, Name:string<-name, Data:string<-data, Success:bool<-success,
      ResultCode:string<-resultCode, DurationMs:real<-duration, PerformanceBucket:string<-performanceBucket` },
  AppExceptions: { stored: 'exceptions', measurements: 'customMeasurements',
    own: `ProblemId:string<-problemId, HandledAt:string<-handledAt, ExceptionType:string<-type, Message:string<-message, Assembly:string<-assembly,
      Method:string<-method, OuterType:string<-outerType, OuterMessage:string<-outerMessage, OuterAssembly:string<-outerAssembly,
      OuterMethod:string<-outerMethod, InnermostType:string<-innermostType, InnermostMessage:string<-innermostMessage,
      InnermostAssembly:string<-innermostAssembly, InnermostMethod:string<-innermostMethod, SeverityLevel:int<-severityLevel, Details:dynamic<-details` },
  // The classic traces table has no customMeasurements: Measurements reads as empty.
  AppTraces: { stored: 'traces', referenced: true, measurements: 'customMeasurements', own: 'Message:string<-message, SeverityLevel:int<-severityLevel' },
  AppEvents: { stored: 'customEvents', measurements: 'customMeasurements', own: 'Name:string<-name' },
  AppMetrics: { stored: 'customMetrics', ownItemCount: true,
    own: 'Name:string<-name, ItemCount:int<-valueCount, Sum:real<-valueSum, Min:real<-valueMin, Max:real<-valueMax' },
  AppPerformanceCounters: { stored: 'performanceCounters',
    own: 'Name:string<-name, Category:string<-category, Counter:string<-counter, Instance:string<-instance, Value:real<-value' },
  AppPageViews: { stored: 'pageViews', measurements: 'customMeasurements', own: 'Id:string<-id, Name:string<-name, Url:string<-url, DurationMs:real<-duration' },
  AppAvailabilityResults: { stored: 'availabilityResults', measurements: 'customMeasurements',
    own: 'Id:string<-id, Name:string<-name, Location:string<-location, Success:bool<-success, Message:string<-message, DurationMs:real<-duration' },
  AppBrowserTimings: { stored: 'browserTimings', measurements: 'customMeasurements',
    own: `Name:string<-name, Url:string<-url, NetworkDurationMs:real<-networkDuration, SendDurationMs:real<-sendDuration,
      ReceiveDurationMs:real<-receiveDuration, ProcessingDurationMs:real<-processingDuration, TotalDurationMs:real<-totalDuration` },
} as const satisfies Record<string, Shape>;

export type WorkspaceTable = keyof typeof SHAPES;

const TABLES = Object.fromEntries(Object.entries(SHAPES).map(([name, shape]) => [name, workspaceTable(name, shape)])) as Record<WorkspaceTable, ReturnType<typeof workspaceTable>>;

/** Each workspace table's columns and types, as the analyser and the Logs page see them. */
export const WORKSPACE_SCHEMA = Object.fromEntries(Object.entries(TABLES).map(([name, { columns: list }]) =>
  [name, list.map(({ name: column, type }) => ({ name: column, type }))])) as Record<WorkspaceTable, ColumnSpec[]>;

/** Each workspace table's classic table, and where each of its columns is read from. */
export const WORKSPACE_SOURCES = Object.fromEntries(Object.entries(TABLES).map(([name, { stored, columns: list }]) =>
  [name, { stored, columns: new Map(list.map((c) => [c.name, c.from])) }])) as Record<WorkspaceTable, { stored: ClassicTable; columns: Map<string, ColumnSource> }>;
