// The few parts of s3rver (a fake S3 server for Node, a devDependency) the tests use.
declare module 's3rver' {
  import type http from 'node:http';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    readonly httpServer?: http.Server;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
