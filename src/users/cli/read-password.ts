import { createInterface } from 'node:readline';

/**
 * The password comes from a hidden prompt on a terminal, or from the first line of standard input
 * when piped — never from argv, which other users of the machine can read in the process list.
 */
export async function readPassword(prompt: string): Promise<string> {
  return process.stdin.isTTY ? promptHidden(prompt) : firstLineOfStdin();
}

async function firstLineOfStdin(): Promise<string> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  return input.split(/\r?\n/)[0] ?? '';
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const readline = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = readline as unknown as { _writeToOutput: (text: string) => void };
    let prompted = false;
    output._writeToOutput = (text: string) => {
      // Echo the prompt once, then nothing of what is typed.
      if (!prompted) process.stdout.write(text);
      prompted = true;
    };
    readline.question(prompt, (answer) => {
      readline.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
