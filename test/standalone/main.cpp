// gchat_standalone: every public header compiled on its own (one generated translation unit each).
int main() { return 0; }
