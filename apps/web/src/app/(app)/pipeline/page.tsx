'use client';

import { Suspense } from 'react';
import { PipelinePage } from '@/components/pipeline/pipeline-page';
import { LoadingState } from '@/components/ui';

// The chosen pipeline lives in the URL (?pipeline=<id>); reading it needs a Suspense boundary in a static export.
export default function PipelineRoute() {
  return (
    <Suspense fallback={<LoadingState />}>
      <PipelinePage />
    </Suspense>
  );
}
