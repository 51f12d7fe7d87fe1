"""How operators run the portal: nginx, systemd units, the environment file (deploy/)."""
