"""The meeting: live polls, the kickoff round, passcodes and lock-out, the meeting report."""
