import { type CfnResource, DefaultStackSynthesizer, Stack } from "aws-cdk-lib";
import type { IBucket } from "aws-cdk-lib/aws-s3";

// cdk-nag 3 acknowledges one finding at a time: these build the exact finding ids of the wildcards
// this stack grants on purpose, so each acknowledgement names the one resource it excuses.

/** `AwsSolutions-IAM5[Resource::<Bucket.Arn>/<prefix>*]`: object access to a bucket (or a prefix of it) whose keys are made at runtime. */
export function objectsFinding(bucket: IBucket, prefix = ""): string {
  const cfn = bucket.node.defaultChild as CfnResource;
  return `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).resolve(cfn.logicalId)}.Arn>/${prefix}*]`;
}

/** The CDK bootstrap asset bucket's objects, as cdk-nag spells them. */
export function assetBucketObjectsFinding(stack: Stack): string {
  const qualifier = stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`;
}
