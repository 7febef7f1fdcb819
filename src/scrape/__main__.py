from scrape.cli import main

raise SystemExit(main())
