/** The database schema, one module per area (drizzle-kit reads this file's exports). */
export * from './schema-core';
export * from './schema-auth';
export * from './schema-cost';
export * from './schema-webhooks';
export * from './schema-variants';
export * from './schema-dicom';
export * from './schema-deid';
export * from './schema-routing';
export * from './schema-eval';
export * from './schema-cards';
