// The tables a learner queries, in both of Application Insights' schemas. The classic schema (here)
// is what an Application Insights resource's Logs shows, and what storage holds (telemetry-db.ts):
// one SQLite table per classic table. The workspace-based schema (workspace-schema.ts, AppRequests
// & co.) reads the same rows under Log Analytics' names. The analyser checks queries against both.
//
// Classic columns as Azure Monitor documents them: the Logs reference's classic table pages
// (learn.microsoft.com/azure/azure-monitor/reference/tables/<table>) and the left-hand column of
// "Migrate to workspace-based Application Insights resources" → Table schemas, which lists every
// classic table's columns beside their workspace names (for pageViews, availabilityResults and
// browserTimings, which nothing here sends, that list is the source).
import type { KType } from './ast';
import { WORKSPACE_SCHEMA, WORKSPACE_SOURCES, type ColumnSource, type WorkspaceTable } from './workspace-schema';

export interface ColumnSpec {
  name: string;
  type: KType;
}

const columns = (spec: string): ColumnSpec[] =>
  spec.split(/\s*,\s*/).map((pair) => {
    // Every pair below is written `name:type` (the schema tests read each).
    const [name, type] = pair.split(':') as [string, string];
    return { name, type: type as KType };
  });

/** Columns every classic table has, in the order `getschema` lists them after the table's own. */
const CONTEXT = columns(`customDimensions:dynamic, operation_Name:string, operation_Id:string, operation_ParentId:string,
  operation_SyntheticSource:string, session_Id:string, user_Id:string, user_AuthenticatedId:string, user_AccountId:string,
  application_Version:string, client_Type:string, client_Model:string, client_OS:string, client_IP:string, client_City:string,
  client_StateOrProvince:string, client_CountryOrRegion:string, client_Browser:string, cloud_RoleName:string,
  cloud_RoleInstance:string, appId:string, appName:string, iKey:string, sdkVersion:string, itemId:string, itemType:string,
  itemCount:int`);

const table = (own: string): ColumnSpec[] => [...columns(`timestamp:datetime, ${own}`), ...CONTEXT];

export const CLASSIC_SCHEMA = {
  requests: table(`id:string, source:string, name:string, url:string, success:string, resultCode:string, duration:real,
    performanceBucket:string, customMeasurements:dynamic`),
  dependencies: table(`id:string, target:string, type:string, name:string, data:string, success:string, resultCode:string,
    duration:real, performanceBucket:string, customMeasurements:dynamic`),
  traces: table(`message:string, severityLevel:int, customMeasurements:dynamic`),
  exceptions: table(`problemId:string, handledAt:string, type:string, message:string, assembly:string, method:string,
    outerType:string, outerMessage:string, outerAssembly:string, outerMethod:string, innermostType:string,
    innermostMessage:string, innermostAssembly:string, innermostMethod:string, severityLevel:int, details:dynamic,
    customMeasurements:dynamic`),
  customEvents: table(`name:string, customMeasurements:dynamic`),
  customMetrics: table(`name:string, value:real, valueCount:int, valueSum:real, valueMin:real, valueMax:real, valueStdDev:real`),
  performanceCounters: table(`name:string, category:string, counter:string, instance:string, value:real`),
  // Sent by the browser SDK and by availability tests, never by this kit: present, and empty.
  pageViews: table(`id:string, name:string, url:string, duration:real, performanceBucket:string, customMeasurements:dynamic`),
  availabilityResults: table(`id:string, name:string, location:string, success:string, message:string, size:real, duration:real,
    performanceBucket:string, customMeasurements:dynamic`),
  browserTimings: table(`name:string, url:string, networkDuration:real, sendDuration:real, receiveDuration:real, processingDuration:real,
    totalDuration:real, performanceBucket:string, customMeasurements:dynamic`),
} as const satisfies Record<string, ColumnSpec[]>;

export type ClassicTable = keyof typeof CLASSIC_SCHEMA;
export const CLASSIC_TABLES = Object.keys(CLASSIC_SCHEMA) as ClassicTable[];

/** The itemType value Application Insights gives each table's rows. */
export const ITEM_TYPE: Record<ClassicTable, string> = {
  requests: 'request', dependencies: 'dependency', traces: 'trace', exceptions: 'exception', customEvents: 'customEvent',
  customMetrics: 'customMetric', performanceCounters: 'performanceCounter', pageViews: 'pageView',
  availabilityResults: 'availabilityResult', browserTimings: 'browserTiming',
};

export const isClassicTable = (name: string): name is ClassicTable => Object.hasOwn(CLASSIC_SCHEMA, name);

/** Every table a query can name: the classic ones, then the workspace ones (the order the Logs page lists them). */
export type SchemaTable = ClassicTable | WorkspaceTable;
export const SCHEMA: Record<SchemaTable, ColumnSpec[]> = { ...CLASSIC_SCHEMA, ...WORKSPACE_SCHEMA };
export const isSchemaTable = (name: string): name is SchemaTable => Object.hasOwn(SCHEMA, name);

/** The column a table's rows are timed by, and that since/until narrow: timestamp (classic) or TimeGenerated (workspace). */
export const isTimeColumn = (name: string): boolean => name === 'timestamp' || name === 'TimeGenerated';

/** Where a table's rows are stored (the classic table), and where each of its columns is read from. */
export function storageOf(table: SchemaTable): { stored: ClassicTable; sourceOf: (column: string) => ColumnSource } {
  if (isClassicTable(table)) return { stored: table, sourceOf: (column) => ({ column }) };
  const { stored, columns } = WORKSPACE_SOURCES[table];
  return { stored, sourceOf: (column) => columns.get(column) ?? null };
}
