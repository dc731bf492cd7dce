// The classic Application Insights schema: the tables and column types a learner queries from an
// Application Insights resource (Logs, "classic" tables, not the workspace's AppRequests & co.),
// as Azure Monitor documents them. The analyser checks queries against it; storage fills it.
import type { KType } from './ast';

export interface ColumnSpec {
  name: string;
  type: KType;
}

const columns = (spec: string): ColumnSpec[] =>
  spec.split(/\s*,\s*/).map((pair) => {
    // Stryker disable next-line StringLiteral: unreachable, every pair below has a name and a type
    const [name = '', type = ''] = pair.split(':');
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
  traces: table(`message:string, severityLevel:int`),
  exceptions: table(`problemId:string, handledAt:string, type:string, message:string, assembly:string, method:string,
    outerType:string, outerMessage:string, outerAssembly:string, outerMethod:string, innermostType:string,
    innermostMessage:string, innermostAssembly:string, innermostMethod:string, severityLevel:int, details:dynamic,
    customMeasurements:dynamic`),
  customEvents: table(`name:string, customMeasurements:dynamic`),
  customMetrics: table(`name:string, value:real, valueCount:int, valueSum:real, valueMin:real, valueMax:real, valueStdDev:real`),
  performanceCounters: table(`name:string, category:string, counter:string, instance:string, value:real`),
} as const satisfies Record<string, ColumnSpec[]>;

export type ClassicTable = keyof typeof CLASSIC_SCHEMA;
export const CLASSIC_TABLES = Object.keys(CLASSIC_SCHEMA) as ClassicTable[];

/** The itemType value Application Insights gives each table's rows. */
export const ITEM_TYPE: Record<ClassicTable, string> = {
  requests: 'request', dependencies: 'dependency', traces: 'trace', exceptions: 'exception', customEvents: 'customEvent',
  customMetrics: 'customMetric', performanceCounters: 'performanceCounter',
};

export const isClassicTable = (name: string): name is ClassicTable => Object.hasOwn(CLASSIC_SCHEMA, name);
