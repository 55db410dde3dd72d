import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@xyflow/react/dist/style.css';
import './globals.css';
import { AppShell } from './_components/shell/app-shell';

export const metadata: Metadata = {
  title: 'Imaging Pipeline Studio',
  description: 'Build, version and run medical-imaging AI pipelines',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
